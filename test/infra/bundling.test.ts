import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { allFunctions } from '../../functions/registry.ts';
import type { EnvironmentValues } from '../../functions/runtime/environment.ts';
import { testApp } from './support.ts';

const outdir = mkdtempSync(join(tmpdir(), 'mpr-bundling-'));

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const environment: EnvironmentValues = {
  TABLE_NAME: 'bundle-test-table',
  EVIDENCE_BUCKET: 'bundle-test-evidence',
  INBOUND_EMAIL_PREFIX: 'inbound/email/',
  S3_FORCE_PATH_STYLE: 'false',
};

/** Loads a bundle in a fresh Node process, as Lambda would, and reports what `handler` is. */
function handlerTypeOf(bundle: string): string {
  const script = `const m = await import(${JSON.stringify(bundle)}); process.stdout.write(typeof m.handler);`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...environment, AWS_REGION: 'us-east-1', PATH: process.env['PATH'] },
    encoding: 'utf8',
  });
}

it('bundles every registry function into one loadable ESM file, with its source map and the AWS SDK inside', { timeout: 180_000 }, () => {
  const { app, stack } = testApp({ context: {}, outdir });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: { FunctionName?: string; Code?: { S3Key?: string } } }>;
  };

  const sizes: Record<string, string> = {};
  for (const spec of allFunctions) {
    const fn = Object.values(template.Resources).find((r) => r.Properties.FunctionName === `${stack.stackName}-${spec.name}`);
    const assetHash = fn?.Properties.Code?.S3Key?.replace(/\.zip$/, '');
    expect(assetHash, spec.name).toBeDefined();

    const bundle = join(outdir, `asset.${assetHash}`, 'index.mjs');
    const code = readFileSync(bundle, 'utf8');
    expect(statSync(`${bundle}.map`).isFile()).toBe(true);
    // The AWS SDK is bundled, not imported from the runtime's copy.
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(handlerTypeOf(bundle), spec.name).toBe('function');
    sizes[spec.name] = `${(statSync(bundle).size / 1024).toFixed(1)} KB`;
  }
  console.log('bundle sizes', sizes);
});
