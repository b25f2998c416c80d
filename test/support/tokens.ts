/**
 * Tokens the API must refuse, each wrong in one way only: from another user pool of the same
 * issuer, expired, or altered after signing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, importJWK, SignJWT } from 'jose';
import { localClientConfig } from '../../local/aws-config.ts';
import { cognitoLocalKeyId } from '../../local/cognito/cognito-local.ts';

/** A genuine ID token of a user of another user pool served by the same Cognito stand-in, for France. */
export async function tokenOfAnotherPool(cognitoEndpoint: string): Promise<string> {
  const cognito = new CognitoIdentityProviderClient(localClientConfig(cognitoEndpoint));
  try {
    const { UserPool } = await cognito.send(
      new CreateUserPoolCommand({ PoolName: 'another-pool', Schema: [{ Name: 'state', AttributeDataType: 'String', Mutable: false }] }),
    );
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'another-client', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'] }),
    );
    const user = { UserPoolId: UserPool!.Id!, Username: 'intruder' };
    await cognito.send(new AdminCreateUserCommand({ ...user, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'custom:state', Value: 'FRA' }] }));
    await cognito.send(new AdminSetUserPasswordCommand({ ...user, Password: 'Another-Passw0rd!', Permanent: true }));
    const { AuthenticationResult } = await cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: user.UserPoolId,
        ClientId: UserPoolClient!.ClientId!,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: user.Username, PASSWORD: 'Another-Passw0rd!' },
      }),
    );
    return AuthenticationResult!.IdToken!;
  } finally {
    cognito.destroy();
  }
}

/**
 * The claims of a genuine token, re-signed with the issuer's own key (the stand-in ships it) but
 * expired an hour ago: only the expiry is wrong.
 */
export async function expiredToken(genuine: string): Promise<string> {
  const keyFile = createRequire(import.meta.url).resolve('cognito-local/lib/keys/cognitoLocal.private.json');
  const { jwk } = JSON.parse(readFileSync(keyFile, 'utf8')) as { jwk: Record<string, string> };
  const key = await importJWK({ ...jwk, alg: 'RS256' }, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...decodeJwt(genuine), iat: now - 7200, exp: now - 3600 }).setProtectedHeader({ alg: 'RS256', kid: cognitoLocalKeyId }).sign(key);
}

/** A genuine token whose claims were changed after signing (another State), its signature kept. */
export function tamperedToken(genuine: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = genuine.split('.');
  const claims = { ...(JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>), ...changes };
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}
