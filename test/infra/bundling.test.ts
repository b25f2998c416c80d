import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { allFunctions } from '../../functions/registry.ts';
import { sampleEnvironment, synthesizeBundles } from '../../infra/bundles.ts';

const outdir = mkdtempSync(join(tmpdir(), 'mpr-bundling-'));

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * Loads every bundle in one fresh Node process, with Lambda's variables, and reports what each
 * exports as `handler`. One process for all: each bundle is a module of its own, and twenty Node
 * start-ups cost more than the twenty imports.
 */
function handlerTypesOf(files: readonly string[]): Record<string, string> {
  const script = `const types = {}; for (const file of ${JSON.stringify(files)}) types[file] = typeof (await import(file)).handler; process.stdout.write(JSON.stringify(types));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...sampleEnvironment, AWS_REGION: 'us-east-1', PATH: process.env['PATH'] },
      encoding: 'utf8',
    }),
  ) as Record<string, string>;
}

it('bundles every registry function into one loadable ESM file, with its source map and the AWS SDK inside', { timeout: 180_000 }, () => {
  const bundles = synthesizeBundles(outdir);
  expect(bundles.map((bundle) => bundle.spec.name)).toEqual(allFunctions.map((spec) => spec.name));

  const handlerTypes = handlerTypesOf(bundles.map((bundle) => bundle.file));
  const sizes: Record<string, string> = {};
  for (const { spec, file } of bundles) {
    const code = readFileSync(file, 'utf8');
    expect(statSync(`${file}.map`).isFile()).toBe(true);
    // The AWS SDK is bundled, not imported from the runtime's copy.
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    // Nothing calls `require`, which ESM output lacks (there is no createRequire banner: infra/bundling.ts).
    expect(code, spec.name).not.toContain('Dynamic require of');
    expect(handlerTypes[file], spec.name).toBe('function');
    // A file the function serves (the portal's script, the OpenAPI document) is built into the same asset.
    if (spec.servedFile) expect(statSync(join(dirname(file), spec.servedFile.file)).size, spec.servedFile.file).toBeGreaterThan(10_000);
    sizes[spec.name] = `${(statSync(file).size / 1024).toFixed(1)} KB`;
  }
  console.log('bundle sizes', sizes);
});
