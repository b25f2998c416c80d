/**
 * Builds the portal's one browser script (app/main.ts with amazon-cognito-identity-js) with
 * esbuild, beside the handler that serves it: `portal-app.js` next to the bundled handler on AWS
 * (the CDK stack's bundling of the function runs this file, infra/bundling.ts), next to handler.ts on the local engine.
 * Everything the page runs is in it: nothing is fetched from a CDN.
 *
 * A build is skipped when the script is already there and built from the same inputs: beside it,
 * `portal-app.js.inputs.json` names every file the last build read (esbuild's metafile) and a
 * SHA-256 over their contents, esbuild's version and the build options. A changed source changes
 * the digest; a new import can only come from a changed source; a missing input forces a build.
 *
 * `node functions/handlers/portal/bundle.ts OUTFILE` builds to OUTFILE, always and without a stamp
 * (what the CDK asset step runs).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, version as esbuildVersion } from 'esbuild';
import { outfileWhenRun, writeAtomically } from '../served-file.ts';

export const portalEntry = fileURLToPath(new URL('./app/main.ts', import.meta.url));
/** Where the handler reads the script: the same folder as its own module. */
export const portalBundleName = 'portal-app.js';
export const localPortalBundle = fileURLToPath(new URL(`./${portalBundleName}`, import.meta.url));

const options: BuildOptions = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome120', 'firefox120', 'safari17'],
  minify: true,
  legalComments: 'none',
  // The library's fetch polyfill is for old browsers and Node; every supported browser has fetch.
  alias: { 'isomorphic-unfetch': fileURLToPath(new URL('./app/no-polyfill.ts', import.meta.url)) },
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  logLevel: 'warning',
};

interface InputsStamp {
  readonly digest: string;
  readonly inputs: readonly string[];
}

/** Whether a metafile input is a file, not a module of one of esbuild's namespaces. */
function isFile(input: string): boolean {
  return !/^\([a-z-]+\):/.test(input);
}

/** The digest of a build from these inputs (absolute paths); undefined when one cannot be read. */
async function digestOf(entry: string, inputs: readonly string[]): Promise<string | undefined> {
  const hash = createHash('sha256').update(JSON.stringify({ esbuildVersion, entry, options })).update('\0');
  for (const input of [...inputs].sort()) {
    if (!isFile(input)) {
      hash.update(input).update('\0');
      continue;
    }
    try {
      hash
        .update(input)
        .update('\0')
        .update(await readFile(input))
        .update('\0');
    } catch {
      return undefined;
    }
  }
  return hash.digest('hex');
}

async function readStamp(file: string): Promise<InputsStamp | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as InputsStamp;
  } catch {
    return undefined;
  }
}

/** Builds `entry` (the portal's script unless told) to `outfile`, unless the script there is from the same inputs. */
export async function buildBundle(
  outfile: string = localPortalBundle,
  entry: string = portalEntry,
  { cache = true }: { readonly cache?: boolean } = {},
): Promise<'built' | 'unchanged'> {
  const stampFile = `${outfile}.inputs.json`;
  const stamp = cache ? await readStamp(stampFile) : undefined;
  const present = await stat(outfile).then(
    () => true,
    () => false,
  );
  if (present && stamp && (await digestOf(entry, stamp.inputs)) === stamp.digest) return 'unchanged';

  const workingDirectory = process.cwd();
  const started = Date.now();
  const result = await build({ ...options, absWorkingDir: workingDirectory, write: false, metafile: true, entryPoints: [entry], outfile });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no portal script');
  // Files, by absolute path; esbuild's own namespaces (`(disabled):crypto`, a module a package's `browser` field leaves out) as named.
  const inputs = Object.keys(result.metafile.inputs).map((input) => (isFile(input) ? resolve(workingDirectory, input) : input));
  await writeAtomically(outfile, output.contents);
  // A source saved while esbuild ran may be newer than what it read: no stamp, so the next start builds again.
  const changedMeanwhile = (await Promise.all(inputs.filter(isFile).map((input) => stat(input).then((file) => file.mtimeMs >= started)))).some(Boolean);
  const digest = !cache || changedMeanwhile ? undefined : await digestOf(entry, inputs);
  if (digest) await writeAtomically(stampFile, JSON.stringify({ digest, inputs } satisfies InputsStamp));
  return 'built';
}

/** The local engine's build, beside handler.ts: skipped when unchanged (handlers/served-file.ts). */
export async function buildServedFile(outfile: string): Promise<void> {
  await buildBundle(outfile);
}

const outfile = outfileWhenRun(import.meta.url);
// For a function's asset: always built, and nothing beside the script (no stamp naming local paths).
if (outfile) await buildBundle(outfile, portalEntry, { cache: false });
