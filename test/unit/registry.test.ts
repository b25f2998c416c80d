import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allFunctions, functionArnPlaceholder, functionArnSubstitutions, pascalName } from '../../functions/registry.ts';
import { environmentCatalogue } from '../../functions/runtime/environment.ts';
import { routesFromRegistry } from '../../local/api.ts';
import { substitute } from '../../workflows/index.ts';

describe('function registry', () => {
  it('names every function uniquely, in kebab case, with an existing entry file', () => {
    const names = allFunctions.map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
    for (const spec of allFunctions) {
      expect(spec.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(existsSync(spec.entry), spec.entry).toBe(true);
    }
  });

  it('draws every environment variable from the catalogue', () => {
    for (const spec of allFunctions) {
      for (const variable of spec.environment.variables) expect(Object.keys(environmentCatalogue)).toContain(variable);
    }
  });

  it('gives every function an ARN placeholder for the workflows', () => {
    expect(pascalName({ name: 'inbound-email' })).toBe('InboundEmail');
    expect(functionArnPlaceholder({ name: 'health' })).toBe('HealthFunctionArn');
    expect(Object.keys(functionArnSubstitutions((spec) => spec.name))).toHaveLength(allFunctions.length);
  });

  it('declares each HTTP route once', () => {
    const keys = routesFromRegistry().map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('substitute', () => {
  it('replaces every placeholder', () => {
    expect(substitute('{"Resource":"${A}","Next":"${B}"}', { A: 'arn:a', B: 'b' })).toBe('{"Resource":"arn:a","Next":"b"}');
  });

  it('refuses to leave a placeholder without a value', () => {
    expect(() => substitute('${Missing}', {})).toThrow('no substitution for ${Missing}');
  });
});
