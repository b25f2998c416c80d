/**
 * Where the submission form's page may connect besides its own API: the evidence bucket, to
 * which it PUTs attachments with presigned URLs, and the Cognito endpoint of the user pool's
 * region, for signing in. Both are resolved as the SDK resolves them for the function's own
 * clients (the S3 client that signs the uploads; Cognito's standard endpoint variable and
 * region), so the deployed page names AWS's endpoints and the local engine's page the stand-ins'.
 */

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export async function formConnectOrigins(s3: S3Client, evidenceBucket: string): Promise<string[]> {
  // The origin of a presigned upload, exactly as request-attachment-upload makes them.
  const upload = new URL(await getSignedUrl(s3, new PutObjectCommand({ Bucket: evidenceBucket, Key: 'origin' }), { expiresIn: 60 })).origin;
  const cognito = new CognitoIdentityProviderClient({});
  try {
    const region = await cognito.config.region();
    const configured = process.env['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'] ?? process.env['AWS_ENDPOINT_URL'];
    const endpoint = cognito.config.endpointProvider({ Region: region, UseFIPS: false, UseDualStack: false, ...(configured ? { Endpoint: configured } : {}) });
    return [...new Set([upload, endpoint.url.origin])];
  } finally {
    cognito.destroy();
  }
}
