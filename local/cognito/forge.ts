/**
 * Test support: tokens the local issuer never signed, to prove the API refuses them.
 *
 * `forgeToken` signs whatever claims it is given with an RSA key of its own, under the `kid` of
 * the local issuer's key unless told otherwise, so that the signature is the only thing wrong.
 * Copy a genuine token's claims (jose `decodeJwt`) to make everything else right.
 */
import { generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { cognitoLocalKeyId } from './cognito-local.ts';

let foreignKeys: ReturnType<typeof generateKeyPair> | undefined;

export async function forgeToken(claims: JWTPayload, header: { readonly kid?: string } = {}): Promise<string> {
  const { privateKey } = await (foreignKeys ??= generateKeyPair('RS256'));
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: header.kid ?? cognitoLocalKeyId }).sign(privateKey);
}
