/**
 * Issue 18 §4: the deployed form's Content-Security-Policy let its page connect to any
 * `https://*.amazonaws.com` host and to any port of the loopback interface. It now names the
 * exact origins: its own API, the evidence bucket its uploads go to, and Cognito's endpoint,
 * as the SDK's clients resolve them (AWS's deployed, the stand-ins' locally). The function forms
 * them without loading the SDK; here they are held to the SDK's own resolution.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
// The SDK's table of partitions (every client's own dependency): the DNS suffix AWS::URLSuffix gives a stack in each region.
import { partition } from '@aws-sdk/core/client';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { formConnectOrigins } from '../../functions/aws/endpoint-origins.ts';
import { formContentSecurityPolicy } from '../../functions/handlers/api-documents/form.ts';
import { useIntakeEngine } from './support.ts';

const connectSrc = (policy: string) =>
  policy
    .split('; ')
    .find((directive) => directive.startsWith('connect-src '))!
    .split(' ')
    .slice(1);

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** The origins as the SDK's clients resolve them: a presigned upload's, and Cognito's endpoint. */
async function sdkOrigins(region: string, bucket: string, forcePathStyle: boolean, endpoints: { s3?: string; cognito?: string } = {}): Promise<string[]> {
  const s3 = new S3Client({ region, credentials, forcePathStyle, ...(endpoints.s3 ? { endpoint: endpoints.s3 } : {}) });
  const upload = new URL(await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: 'origin' }), { expiresIn: 60 })).origin;
  const cognito = new CognitoIdentityProviderClient({ region, credentials });
  const endpoint = cognito.config.endpointProvider({
    Region: region,
    UseFIPS: false,
    UseDualStack: false,
    ...(endpoints.cognito ? { Endpoint: endpoints.cognito } : {}),
  });
  s3.destroy();
  cognito.destroy();
  return [...new Set([upload, endpoint.url.origin])];
}

/** Regions of every partition the SDK knows, and us-east-1, where S3 once had a global endpoint. */
const regions = [
  'us-east-1',
  'eu-west-1',
  'ap-southeast-2',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-west-1',
  'us-iso-east-1',
  'us-isob-east-1',
  'eu-isoe-west-1',
  'us-isof-south-1',
  'eusc-de-east-1',
];

describe('the form’s connect-src', () => {
  it('on AWS: the API, the evidence bucket’s own origin and the region’s Cognito endpoint, nothing else', () => {
    const origins = formConnectOrigins(
      { EVIDENCE_BUCKET: 'mpr-evidence-1a2b3c', S3_FORCE_PATH_STYLE: 'false', DNS_SUFFIX: 'amazonaws.com' },
      { AWS_REGION: 'eu-west-1' },
    );
    expect(connectSrc(formContentSecurityPolicy(origins))).toEqual([
      "'self'",
      'https://mpr-evidence-1a2b3c.s3.eu-west-1.amazonaws.com',
      'https://cognito-idp.eu-west-1.amazonaws.com',
    ]);
  });

  it.each(regions)('in %s, the origins the SDK’s clients resolve', async (region) => {
    const settings = { S3_FORCE_PATH_STYLE: 'false', DNS_SUFFIX: partition(region).dnsSuffix } as const;
    for (const bucket of ['mpr-evidence-1a2b3c', 'bucket.with.dots', 'Upper-Case-Bucket']) {
      expect(formConnectOrigins({ ...settings, EVIDENCE_BUCKET: bucket }, { AWS_REGION: region })).toEqual(await sdkOrigins(region, bucket, false));
    }
  });

  it('at endpoints set by the SDK’s variables, the origins the SDK’s clients resolve, path-style or not', async () => {
    const settings = { EVIDENCE_BUCKET: 'mpr-evidence-1a2b3c', DNS_SUFFIX: 'amazonaws.com' };
    const cases = [
      { pathStyle: true, s3: 'http://127.0.0.1:4569', cognito: 'http://127.0.0.1:9229' },
      { pathStyle: false, s3: 'http://127.0.0.1:4569', cognito: 'http://127.0.0.1:9229' },
      { pathStyle: false, s3: 'https://s3.example.org:8443', cognito: 'https://cognito.example.org' },
      { pathStyle: true, s3: 'https://s3.example.org:8443', cognito: 'https://cognito.example.org' },
    ];
    for (const { pathStyle, s3, cognito } of cases) {
      const source = { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_S3: s3, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito };
      const origins = formConnectOrigins({ ...settings, S3_FORCE_PATH_STYLE: pathStyle ? 'true' : 'false' }, source);
      expect(origins).toEqual(await sdkOrigins('eu-west-1', settings.EVIDENCE_BUCKET, pathStyle, { s3, cognito }));
    }
    // One variable for every service, as the SDK also reads.
    const shared = formConnectOrigins({ ...settings, S3_FORCE_PATH_STYLE: 'true' }, { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://localhost:4566' });
    expect(shared).toEqual(['http://localhost:4566']);
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
