/**
 * Builds the portal's one browser script (app/main.ts with amazon-cognito-identity-js) with
 * esbuild, beside the handler that serves it: `portal-app.js` next to the bundled handler on AWS
 * (the CDK function's afterBundling step runs this file), next to handler.ts on the local engine.
 * Everything the page runs is in it: nothing is fetched from a CDN.
 *
 * `node functions/handlers/portal/bundle.ts OUTFILE` builds to OUTFILE.
 */
import { rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const portalEntry = fileURLToPath(new URL('./app/main.ts', import.meta.url));
/** Where the handler reads the script: the same folder as its own module. */
export const portalBundleName = 'portal-app.js';
export const localPortalBundle = fileURLToPath(new URL(`./${portalBundleName}`, import.meta.url));

export async function buildBundle(outfile: string = localPortalBundle): Promise<void> {
  const result = await build({
    write: false,
    entryPoints: [portalEntry],
    outfile,
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
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no portal script');
  // Written aside, then renamed into place: engines starting together (one per test file) never
  // serve a half-written script.
  const temporary = `${outfile}.${process.pid}.tmp`;
  await writeFile(temporary, output.contents);
  await rename(temporary, outfile);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outfile = process.argv[2];
  if (!outfile) throw new Error('usage: node functions/handlers/portal/bundle.ts OUTFILE');
  await buildBundle(outfile);
}
