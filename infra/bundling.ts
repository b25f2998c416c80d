/**
 * How every Lambda function is bundled, written once: the CDK stack's functions are built with
 * these options (`functionCode`, used by constructs/project-function.ts), and the cold-start
 * benchmark builds its baselines and its breakdown of each bundle with the same options, so that
 * what it measures is what would be deployed. (The local engine runs the functions' sources and
 * bundles none.)
 *
 * All functions are bundled by one esbuild build, in this process, the first time a synthesis
 * asks for one of them: esbuild then parses the AWS SDK and the shared code once for the twenty
 * functions instead of once each, and no `npx esbuild` process is started per function (as
 * NodejsFunction's local bundling does). Each entry is still bundled whole into its own
 * `index.mjs`: esbuild shares no chunk between entries unless asked to (`splitting`).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { type BuildOptions, buildSync } from 'esbuild';
import { allFunctions, type FunctionSpec } from '../functions/registry.ts';

// No `createRequire` banner: every dependency bundled today is ESM, or CommonJS that esbuild turns
// into imports, so no bundle calls `require`. A dependency that did would make esbuild emit its
// "Dynamic require of ... is not supported" helper, which test/infra/bundling.test.ts refuses;
// the banner would then go back, for that function only.

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));

/** The options, in esbuild's own terms. */
export const lambdaBuildOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  sourcesContent: false,
};

/** Where this process bundled every function (`<name>/index.mjs`), once asked. */
let bundledFunctions: string | undefined;

function bundleEveryFunction(): string {
  if (bundledFunctions) return bundledFunctions;
  const outdir = mkdtempSync(join(tmpdir(), 'mpr-lambda-bundles-'));
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  buildSync({
    ...lambdaBuildOptions,
    entryPoints: Object.fromEntries(allFunctions.map((spec) => [spec.name, join(repositoryRoot, spec.entry)])),
    outdir,
    entryNames: '[name]/index',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  bundledFunctions = outdir;
  return outdir;
}

/**
 * The function's code asset: its bundle (index.mjs and its source map) and, for a function that
 * serves one, the file its spec's builder writes beside it (with this Node). The
 * asset's hash is its content's, so an unchanged function is not uploaded again.
 */
export function functionCode(spec: FunctionSpec): Code {
  return Code.fromAsset(join(repositoryRoot, dirname(spec.entry)), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type, never pulled: bundling always happens here, locally.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      local: {
        tryBundle(outputDir: string): boolean {
          cpSync(join(bundleEveryFunction(), spec.name), outputDir, { recursive: true });
          if (spec.servedFile)
            execFileSync(process.execPath, [join(repositoryRoot, spec.servedFile.builder), join(outputDir, spec.servedFile.file)], { stdio: 'inherit' });
          return true;
        },
      },
    },
  });
}
