/** The SDK settings every client of the local engine uses: its region and fixed credentials. */

export const localRegion = 'us-east-1';
export const localAccountId = '000000000000';
/** s3rver accepts only its own key pair; the other stand-ins accept any, so all use it. */
export const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export function localClientConfig(endpoint: string) {
  return { endpoint, region: localRegion, credentials: localCredentials };
}

/** The ARN the local engine gives a registry function. */
export function localFunctionArn(name: string): string {
  return `arn:aws:lambda:${localRegion}:${localAccountId}:function:mpr-${name}`;
}
