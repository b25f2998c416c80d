/**
 * The signature check S3 makes of a presigned URL, which s3rver does not make (it checks the key
 * pair and the expiry only): the engine's S3 is reached through a proxy that recomputes the
 * AWS Signature Version 4 of every presigned request (query authentication) and answers 403
 * `SignatureDoesNotMatch`, as S3 does, when the URL was bent to another key, another method or
 * other signed headers. Requests signed in their Authorization header (the SDK's own calls) pass
 * as before.
 *
 * The computation is the one AWS documents for a presigned request: the canonical request (method,
 * path as sent, the query less `X-Amz-Signature` sorted and encoded, the signed headers, and
 * `UNSIGNED-PAYLOAD`), the string to sign over its SHA-256, and the signing key derived from the
 * secret, the date, the region and the service.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { InjectedFault } from './faults.ts';

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves `!'()*` alone). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function refusal(code: 'SignatureDoesNotMatch' | 'AccessDenied' | 'AuthorizationQueryParametersError', message: string): InjectedFault {
  return {
    name: code,
    status: code === 'AuthorizationQueryParametersError' ? 400 : 403,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}

/** Why S3 would refuse this presigned request; `undefined` when it is not presigned or its signature holds. */
export function presignedRequestRefusal(
  request: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  now: Date = new Date(),
): InjectedFault | undefined {
  // A browser's CORS preflight carries the presigned URL too; S3 answers it from the bucket's CORS rules, unsigned.
  if (request.method === 'OPTIONS') return undefined;
  const rawUrl = request.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  if (queryStart < 0) return undefined;
  const query = new URLSearchParams(rawUrl.slice(queryStart + 1));
  const signature = query.get('X-Amz-Signature');
  if (signature === null) return undefined;

  const credential = query.get('X-Amz-Credential')?.split('/') ?? [];
  const amzDate = query.get('X-Amz-Date') ?? '';
  const expires = Number(query.get('X-Amz-Expires'));
  const signedHeaders = query.get('X-Amz-SignedHeaders') ?? '';
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || credential.length !== 5 || !/^\d{8}T\d{6}Z$/.test(amzDate) || !Number.isInteger(expires))
    return refusal(
      'AuthorizationQueryParametersError',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  const [accessKeyId, day, region, service, terminator] = credential as [string, string, string, string, string];
  if (accessKeyId !== credentials.accessKeyId) return refusal('AccessDenied', 'The AWS Access Key Id you provided does not exist in our records.');
  const signedAt = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  if (now.getTime() > signedAt + expires * 1000) return refusal('AccessDenied', 'Request has expired');

  const canonicalQuery = [...query.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const headerValue = (name: string) => {
    const value = request.headers[name];
    return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ');
  };
  const names = signedHeaders.split(';');
  const canonicalRequest = [
    request.method ?? 'GET',
    rawUrl.slice(0, queryStart),
    canonicalQuery,
    names.map((name) => `${name}:${headerValue(name)}\n`).join(''),
    signedHeaders,
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = `${day}/${region}/${service}/${terminator}`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const key = [day, region, service, terminator].reduce<Buffer>(
    (secret, part) => createHmac('sha256', secret).update(part).digest(),
    Buffer.from(`AWS4${credentials.secretAccessKey}`),
  );
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
  return refusal('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
}
