/**
 * Where the pages the API serves (the submission form, the missions' portal) may connect besides
 * the API itself: the evidence bucket, to which they PUT attachments with presigned URLs, and the
 * Cognito endpoint of the user pool's region, for signing in.
 *
 * Both are formed as the SDK forms the endpoints of request-attachment-upload's S3 client and of
 * Cognito's, without loading the SDK (its clients were most of a page function's bundle and init,
 * docs/benchmarks.md): an endpoint set by the SDK's standard variables wins (the local engine's
 * stand-ins); otherwise the service's regional endpoint, in the region (`AWS_REGION`, which
 * Lambda sets) and the DNS suffix of its partition (`DNS_SUFFIX`, the stack's AWS::URLSuffix).
 * test/intake/form-csp.test.ts holds these to the SDK's own resolution, in every region it knows.
 */

/** The endpoint the SDK's standard variables give a service, if any (`AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`). */
function configuredEndpoint(serviceVariable: string, source: NodeJS.ProcessEnv): URL | undefined {
  const configured = source[`AWS_ENDPOINT_URL_${serviceVariable}`] ?? source['AWS_ENDPOINT_URL'];
  return configured ? new URL(configured) : undefined;
}

/** Whether S3 can name the bucket in the host (the SDK's `isVirtualHostableS3Bucket`): a lower-case DNS label of 3 to 63 characters, not an IP address. */
function virtualHostable(bucket: string): boolean {
  return /^(?!.*-$)(?!-)[a-z0-9-]{3,63}$/.test(bucket);
}

/** An IPv4 address or a bracketed IPv6 one, which S3 addresses path-style. */
function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
}

/** The settings of the evidence bucket that its presigned uploads' origin depends on. */
export interface UploadOriginSettings {
  readonly EVIDENCE_BUCKET: string;
  readonly S3_FORCE_PATH_STYLE: 'true' | 'false';
  readonly DNS_SUFFIX: string;
}

function regionOf(source: NodeJS.ProcessEnv): string {
  const region = source['AWS_REGION'];
  if (!region) throw new Error('AWS_REGION is not set: the upload and sign-in origins depend on it');
  return region;
}

/** The origin of a presigned upload to the evidence bucket, as request-attachment-upload's client signs them. */
export function uploadOrigin(settings: UploadOriginSettings, source: NodeJS.ProcessEnv = process.env): string {
  const region = regionOf(source);
  const bucket = settings.EVIDENCE_BUCKET;
  const s3Endpoint = configuredEndpoint('S3', source);
  const pathStyle = settings.S3_FORCE_PATH_STYLE === 'true' || !virtualHostable(bucket) || (s3Endpoint !== undefined && isIpAddress(s3Endpoint.hostname));
  if (s3Endpoint) return pathStyle ? s3Endpoint.origin : `${s3Endpoint.protocol}//${bucket}.${s3Endpoint.host}`;
  return `https://${pathStyle ? '' : `${bucket}.`}s3.${region}.${settings.DNS_SUFFIX}`;
}

/** The submission form's origins: the evidence bucket's and the Cognito endpoint's. */
export function formConnectOrigins(settings: UploadOriginSettings, source: NodeJS.ProcessEnv = process.env): string[] {
  const cognito = configuredEndpoint('COGNITO_IDENTITY_PROVIDER', source)?.origin ?? `https://cognito-idp.${regionOf(source)}.${settings.DNS_SUFFIX}`;
  return [...new Set([uploadOrigin(settings, source), cognito])];
}
