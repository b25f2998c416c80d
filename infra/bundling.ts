/**
 * How every Lambda function is bundled, written once: the CDK stack passes these options to
 * NodejsFunction (constructs/project-function.ts), and the cold-start benchmark builds its
 * baselines and its breakdown of each bundle with the same options, so that what it measures is
 * what would be deployed. (The local engine runs the functions' sources and bundles none.)
 */
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

// No `createRequire` banner: every dependency bundled today is ESM, or CommonJS that esbuild turns
// into imports, so no bundle calls `require`. A dependency that did would make esbuild emit its
// "Dynamic require of ... is not supported" helper, which test/infra/bundling.test.ts refuses;
// the banner would then go back, for that function only.

const target = 'node24';
// A package's ESM build, where it has one: only ESM is tree-shaken statement by statement.
const mainFields = ['module', 'main'];

/** The options, in esbuild's own terms. */
export const lambdaBuildOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target,
  mainFields,
  minify: true,
  sourcemap: true,
  // Node reads the whole map at start-up under --enable-source-maps; stack traces need only the
  // mappings, not a copy of every source file.
  sourcesContent: false,
};

/** The same options in NodejsFunction's terms (`bundling`), which it turns back into esbuild's. */
export const nodejsBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target,
  mainFields,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Bundle the AWS SDK rather than use the runtime's copy: the versions are the ones the tests
  // ran against, and tree-shaking keeps the bundle small.
  externalModules: [],
};
