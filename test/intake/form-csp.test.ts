/**
 * Issue 18 §4: the deployed form's Content-Security-Policy let its page connect to any
 * `https://*.amazonaws.com` host and to any port of the loopback interface. It now names the
 * exact origins: its own API, the evidence bucket its uploads go to, and Cognito's endpoint,
 * as the function's SDK clients resolve them (AWS's deployed, the stand-ins' locally).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { formContentSecurityPolicy } from '../../functions/handlers/api-documents/form.ts';
import { formConnectOrigins } from '../../functions/handlers/api-documents/origins.ts';
import { useIntakeEngine } from './support.ts';

const connectSrc = (policy: string) =>
  policy
    .split('; ')
    .find((directive) => directive.startsWith('connect-src '))!
    .split(' ')
    .slice(1);

describe('the form’s connect-src', () => {
  it('on AWS: the API, the evidence bucket’s own origin and the region’s Cognito endpoint, nothing else', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    for (const variable of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER']) vi.stubEnv(variable, undefined);
    try {
      const s3 = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
      const policy = formContentSecurityPolicy(await formConnectOrigins(s3, 'mpr-evidence-1a2b3c'));
      expect(connectSrc(policy)).toEqual(["'self'", 'https://mpr-evidence-1a2b3c.s3.eu-west-1.amazonaws.com', 'https://cognito-idp.eu-west-1.amazonaws.com']);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses anything but an origin, so that no wildcard or path slips in', () => {
    expect(() => formContentSecurityPolicy(['https://*.amazonaws.com'])).toThrow(/not an origin/);
    expect(() => formContentSecurityPolicy(['https://bucket.s3.amazonaws.com/path'])).toThrow(/not an origin/);
  });

  describe('on the local engine', () => {
    const system = useIntakeEngine();

    it('names the stand-ins of S3 and Cognito, and no other local port', async () => {
      const response = await fetch(`${system().api}/v1/form`);
      expect(response.status).toBe(200);
      const sources = connectSrc(response.headers.get('content-security-policy')!);
      expect(sources).toEqual(["'self'", new URL(system().engine.endpoints.s3).origin, new URL(system().engine.endpoints.cognito).origin]);
      expect(sources.join(' ')).not.toMatch(/\*|amazonaws/);
    });
  });
});
