/** The SDK settings every client of the local engine uses: its region and fixed credentials. */

export const localRegion = 'us-east-1';
export const localAccountId = '000000000000';
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export function localClientConfig(endpoint: string) {
  return { endpoint, region: localRegion, credentials: localCredentials };
}

/** The ARN the local engine gives a registry function. */
export function localFunctionArn(name: string): string {
  return `arn:aws:lambda:${localRegion}:${localAccountId}:function:mpr-${name}`;
}
