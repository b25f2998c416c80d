/**
 * The portal's script is built again only when an input changed: the engine starts without an
 * esbuild run when nothing did, and never serves a script older than its sources.
 */
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../functions/handlers/portal/bundle.ts';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'mpr-portal-bundle-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Writes a source dated a minute ago, as a file saved before the build started. */
async function source(name: string, text: string): Promise<string> {
  const file = join(directory, name);
  await writeFile(file, text);
  const past = new Date(Date.now() - 60_000);
  await utimes(file, past, past);
  return file;
}

describe('the portal bundle cache', () => {
  it('builds once, skips an unchanged build, and builds again when an imported file or a new import changes', async () => {
    const entry = await source('main.ts', "import { greeting } from './words.ts';\ndocument.title = greeting;\n");
    await source('words.ts', "export const greeting = 'first';\n");
    const outfile = join(directory, 'out.js');

    expect(await buildBundle(outfile, entry)).toBe('built');
    expect(await readFile(outfile, 'utf8')).toContain('first');
    expect(await buildBundle(outfile, entry)).toBe('unchanged');

    await source('words.ts', "export const greeting = 'second';\n");
    expect(await buildBundle(outfile, entry)).toBe('built');
    expect(await readFile(outfile, 'utf8')).toContain('second');
    expect(await buildBundle(outfile, entry)).toBe('unchanged');

    // A new file reached through a changed import is an input of the next build.
    await source('more.ts', "export const more = 'third';\n");
    await source('main.ts', "import { more } from './more.ts';\ndocument.title = more;\n");
    expect(await buildBundle(outfile, entry)).toBe('built');
    await source('more.ts', "export const more = 'fourth';\n");
    expect(await buildBundle(outfile, entry)).toBe('built');
    expect(await readFile(outfile, 'utf8')).toContain('fourth');

    // The script gone (or never written): built, whatever the stamp says.
    await rm(outfile);
    expect(await buildBundle(outfile, entry)).toBe('built');
  }, 60_000);
});
