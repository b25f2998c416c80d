/**
 * The engine's check of presigned S3 requests (local/s3-signatures.ts) against URLs the SDK's own
 * presigner signs, as the functions sign them: the URL as signed passes; bent to another key,
 * method or header value, expired, or signed with another key pair, it is refused as S3 refuses it.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, describe, expect, it } from 'vitest';
import { localClientConfig, localCredentials } from '../../local/aws-config.ts';
import { presignedRequestRefusal } from '../../local/s3-signatures.ts';

const endpoint = 'http://127.0.0.1:4569';
const s3 = new S3Client({ ...localClientConfig(endpoint), forcePathStyle: true });
afterAll(() => s3.destroy());

const checksum = Buffer.from('a'.repeat(64), 'hex').toString('base64');
const signedAt = new Date('2026-12-06T10:00:00.000Z');

async function uploadUrl(): Promise<URL> {
  const command = new PutObjectCommand({
    Bucket: 'mpr-evidence',
    Key: 'uploads/FRA/1/note (1).txt',
    ContentType: 'text/plain',
    ContentLength: 12,
    ChecksumSHA256: checksum,
  });
  return new URL(
    await getSignedUrl(s3, command, {
      expiresIn: 900,
      signingDate: signedAt,
      signableHeaders: new Set(['content-type', 'content-length']),
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
    }),
  );
}

function requestOf(url: URL, method: string, headers: Record<string, string> = {}) {
  return { method, url: `${url.pathname}${url.search}`, headers: { host: url.host, ...headers } };
}

const uploadHeaders = { 'content-type': 'text/plain', 'content-length': '12', 'x-amz-checksum-sha256': checksum };
const codeOf = (refusal: ReturnType<typeof presignedRequestRefusal>) =>
  refusal && 'body' in refusal ? /<Code>(\w+)<\/Code>/.exec(refusal.body)?.[1] : refusal;
const during = new Date(signedAt.getTime() + 60_000);

describe('the signature check of presigned S3 requests', () => {
  it('passes a PUT and a GET exactly as signed, with the headers the PUT was signed with', async () => {
    expect(presignedRequestRefusal(requestOf(await uploadUrl(), 'PUT', uploadHeaders), localCredentials, during)).toBeUndefined();
    const download = new URL(
      await getSignedUrl(
        s3,
        new GetObjectCommand({ Bucket: 'mpr-evidence', Key: 'uploads/FRA/1/a.txt', ResponseContentDisposition: "attachment; filename*=UTF-8''a%20b.txt" }),
        { expiresIn: 300, signingDate: signedAt },
      ),
    );
    expect(presignedRequestRefusal(requestOf(download, 'GET'), localCredentials, during)).toBeUndefined();
  });

  it('refuses the URL bent to another key, used with another method or with another signed header value', async () => {
    const url = await uploadUrl();
    const bent = new URL(url);
    bent.pathname = bent.pathname.replace('/FRA/', '/KEN/');
    expect(codeOf(presignedRequestRefusal(requestOf(bent, 'PUT', uploadHeaders), localCredentials, during))).toBe('SignatureDoesNotMatch');
    expect(codeOf(presignedRequestRefusal(requestOf(url, 'GET', uploadHeaders), localCredentials, during))).toBe('SignatureDoesNotMatch');
    expect(codeOf(presignedRequestRefusal(requestOf(url, 'PUT', { ...uploadHeaders, 'content-length': '13' }), localCredentials, during))).toBe(
      'SignatureDoesNotMatch',
    );
    expect(codeOf(presignedRequestRefusal(requestOf(url, 'PUT', { ...uploadHeaders, 'content-type': 'text/html' }), localCredentials, during))).toBe(
      'SignatureDoesNotMatch',
    );
    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '604800');
    expect(codeOf(presignedRequestRefusal(requestOf(longer, 'PUT', uploadHeaders), localCredentials, during))).toBe('SignatureDoesNotMatch');
  });

  it('refuses it once expired, or signed with another key pair, or without its parameters', async () => {
    const url = await uploadUrl();
    expect(codeOf(presignedRequestRefusal(requestOf(url, 'PUT', uploadHeaders), localCredentials, new Date(signedAt.getTime() + 901_000)))).toBe(
      'AccessDenied',
    );
    expect(codeOf(presignedRequestRefusal(requestOf(url, 'PUT', uploadHeaders), { accessKeyId: 'S3RVER', secretAccessKey: 'another' }, during))).toBe(
      'SignatureDoesNotMatch',
    );
    expect(codeOf(presignedRequestRefusal(requestOf(url, 'PUT', uploadHeaders), { accessKeyId: 'ANOTHER', secretAccessKey: 'S3RVER' }, during))).toBe(
      'AccessDenied',
    );
    const stripped = new URL(url);
    stripped.searchParams.delete('X-Amz-Credential');
    expect(presignedRequestRefusal(requestOf(stripped, 'PUT', uploadHeaders), localCredentials, during)).toMatchObject({ status: 400 });
  });

  it('leaves alone what is not a presigned request: a CORS preflight, a request signed in its header', async () => {
    expect(presignedRequestRefusal(requestOf(await uploadUrl(), 'OPTIONS'), localCredentials, during)).toBeUndefined();
    expect(
      presignedRequestRefusal(
        { method: 'GET', url: '/mpr-evidence/uploads/FRA/1/a.txt', headers: { authorization: 'AWS4-HMAC-SHA256 …' } },
        localCredentials,
        during,
      ),
    ).toBeUndefined();
  });
});
