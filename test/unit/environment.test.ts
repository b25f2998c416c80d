import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { regexes } from 'zod/v4/core';
import { allFunctions } from '../../functions/registry.ts';
import { checkEnvironment, emailAddressPattern, environmentCatalogue, environmentOf } from '../../functions/runtime/environment.ts';
import { EnvironmentError, loadEnvironment } from '../../functions/runtime/load-environment.ts';
import { sampleEnvironment } from '../../infra/bundles.ts';

describe('the environment catalogue', () => {
  it('accepts the values a stack is synthesized with, for every function', () => {
    for (const spec of allFunctions) expect(checkEnvironment(spec.environment, sampleEnvironment).problems, spec.name).toEqual([]);
  });

  it('checks addresses with the pattern of the request schemas (z.email)', () => {
    expect(emailAddressPattern.source).toBe(regexes.email.source);
    for (const address of ['reports@un.org', 'focal.point+fra@diplomatie.gouv.fr', 'a@b', 'no-at-sign.org', 'x@-bad.org', '.dot@un.org'])
      expect(environmentCatalogue.SENDER_ADDRESS.accepts(address), address).toBe(z.email().safeParse(address).success);
  });

  it('takes only http and https URLs', () => {
    const { accepts } = environmentCatalogue.SUBMISSION_FORM_URL;
    expect(accepts('https://example.execute-api.us-east-1.amazonaws.com/v1/form')).toBe(true);
    expect(accepts('http://127.0.0.1:4566/v1/form')).toBe(true);
    expect(accepts('ftp://example.org/form')).toBe(false);
    expect(accepts('javascript:alert(1)')).toBe(false);
    expect(accepts('not a url')).toBe(false);
  });

  it('gives an unset variable with a fallback its fallback, and names what is missing or wrong', () => {
    const spec = environmentOf('TABLE_NAME', 'S3_FORCE_PATH_STYLE', 'DISPATCH_CONCURRENCY', 'CIRCULATION_STATE_MACHINE_ARN');
    const checked = checkEnvironment(spec, { TABLE_NAME: 'mpr', DISPATCH_CONCURRENCY: '0', CIRCULATION_STATE_MACHINE_ARN: 'arn:aws:states:x' });
    expect(checked.values).toMatchObject({ TABLE_NAME: 'mpr', S3_FORCE_PATH_STYLE: 'false' });
    expect(checked.problems).toEqual(['DISPATCH_CONCURRENCY: expected a whole number of parallel sends']);
    expect(checkEnvironment(spec, {}).problems).toEqual([
      'TABLE_NAME: missing (expected at least 3 characters)',
      'DISPATCH_CONCURRENCY: missing (expected a whole number of parallel sends)',
      'CIRCULATION_STATE_MACHINE_ARN: missing (expected an ARN (arn:…))',
    ]);
    expect(checkEnvironment(spec, { ...sampleEnvironment, S3_FORCE_PATH_STYLE: 'yes' }).problems).toEqual(['S3_FORCE_PATH_STYLE: expected one of true, false']);
  });

  it('fails a function at load with every wrong variable, and never prints a value', () => {
    const spec = { name: 'sample', environment: environmentOf('USER_POOL_ID', 'ORIGIN_VERIFY', 'COGNITO_ENDPOINT') };
    const load = () => loadEnvironment(spec, { ORIGIN_VERIFY: 'the-secret', COGNITO_ENDPOINT: 'file:///the-secret' });
    expect(load).toThrow(EnvironmentError);
    expect(load).toThrow(
      'function sample: invalid environment (USER_POOL_ID: missing (expected a non-empty string); COGNITO_ENDPOINT: expected an http or https URL)',
    );
    expect(() => load()).not.toThrow(/the-secret/);
    expect(loadEnvironment(spec, { USER_POOL_ID: 'pool', ORIGIN_VERIFY: '', COGNITO_ENDPOINT: 'https://cognito-idp.us-east-1.amazonaws.com/' })).toEqual({
      USER_POOL_ID: 'pool',
      ORIGIN_VERIFY: '',
      COGNITO_ENDPOINT: 'https://cognito-idp.us-east-1.amazonaws.com/',
    });
  });
});
