/**
 * What the builders of the files functions serve share (a registry spec's `servedFile`): each is
 * run by the CDK stack's bundling as `node <builder> <outfile>`, into the function's asset, and
 * imported by the local engine, which calls `buildServedFile(outfile)` beside the handler's source
 * before it serves anything.
 */
import { rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** A builder module's contract. */
export interface ServedFileBuilder {
  buildServedFile(outfile: string): Promise<unknown>;
}

/** Written aside, then renamed into place: engines starting together (one per test file) never read a half-written file. */
export async function writeAtomically(file: string, contents: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, file);
}

/** The OUTFILE of `node <builder> OUTFILE` when `moduleUrl` is the module Node was asked to run; undefined when it was imported. */
export function outfileWhenRun(moduleUrl: string): string | undefined {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== process.argv[1]) return undefined;
  const outfile = process.argv[2];
  if (!outfile) throw new Error(`usage: node ${process.argv[1]} OUTFILE`);
  return outfile;
}
