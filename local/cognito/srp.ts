/**
 * The server side of Cognito's SRP sign-in (InitiateAuth USER_SRP_AUTH, then
 * RespondToAuthChallenge PASSWORD_VERIFIER), which cognito-local 5.3.0 lacks.
 *
 * Only the arithmetic Cognito's clients already fix is done here (SRP-6a over the 3072-bit
 * group of RFC 5054 with SHA-256, as amazon-cognito-identity-js and Amplify compute it):
 *
 *   k = H(N | g)                       x = H(salt | H(poolName | username | ":" | password))
 *   v = g^x                            B = k·v + g^b            u = H(A | B)
 *   S = (A · v^u)^b                    key = HKDF-SHA256(ikm = S, salt = u, "Caldera Derived Key", 16 bytes)
 *   signature = HMAC-SHA256(key, poolName | USER_ID_FOR_SRP | SECRET_BLOCK | TIMESTAMP)
 *
 * where every number is hashed as the even-length, sign-padded big-endian hex the clients use
 * (`padHex`), and `poolName` is the part of the pool id after the underscore. Cognito keeps a
 * verifier and salt computed when the password was set; this stand-in computes them, with a fresh
 * salt, from the password cognito-local stores, at each sign-in: the client cannot tell.
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 5054's 3072-bit group, the one Cognito uses. */
const nHex =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
export const N = BigInt(`0x${nHex}`);
export const g = 2n;

/** Even-length hex of a non-negative number, with a `00` byte in front when its top bit is set. */
export function padHex(value: bigint): string {
  if (value < 0n) throw new Error('padHex: only non-negative values occur on the server side');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hexHash(hex: string): string {
  return sha256Hex(Buffer.from(hex, 'hex'));
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    b = (b * b) % modulus;
  }
  return result;
}

export const k = BigInt(`0x${hexHash(padHex(N) + padHex(g))}`);

/** The pool name SRP hashes: `us-east-1_AbC` → `AbC`. */
export function poolNameOf(userPoolId: string): string {
  const name = userPoolId.split('_')[1];
  if (!name) throw new Error(`not a user pool id: ${userPoolId}`);
  return name;
}

/** v = g^x, x = H(salt | H(poolName | username | ":" | password)). */
export function verifierFor(input: { poolName: string; username: string; password: string; saltHex: string }): bigint {
  const inner = sha256Hex(`${input.poolName}${input.username}:${input.password}`);
  const x = BigInt(`0x${hexHash(padHex(BigInt(`0x${input.saltHex}`)) + inner)}`);
  return modPow(g, x, N);
}

/** The server's half of one sign-in: what it sends (salt, B) and keeps (b, v). */
export interface ServerExchange {
  readonly saltHex: string;
  readonly b: bigint;
  readonly B: bigint;
  readonly v: bigint;
}

export function startExchange(verifier: { v: bigint; saltHex: string }): ServerExchange {
  for (;;) {
    const b = BigInt(`0x${randomBytes(128).toString('hex')}`) % N;
    const B = (k * verifier.v + modPow(g, b, N)) % N;
    if (B !== 0n) return { saltHex: verifier.saltHex, b, B, v: verifier.v };
  }
}

/** A fresh 128-bit salt, as hex. */
export function newSaltHex(): string {
  return randomBytes(16).toString('hex');
}

/** The 16-byte key both sides derive; undefined when A is not acceptable (A mod N = 0, or u = 0). */
export function serverKey(A: bigint, exchange: ServerExchange): Buffer | undefined {
  if (A % N === 0n) return undefined;
  const u = BigInt(`0x${hexHash(padHex(A) + padHex(exchange.B))}`);
  if (u === 0n) return undefined;
  const S = modPow(A * modPow(exchange.v, u, N), exchange.b, N);
  return Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), Buffer.from('Caldera Derived Key', 'utf8'), 16));
}

/** What the client must send as PASSWORD_CLAIM_SIGNATURE (base64). */
export function claimSignature(key: Buffer, input: { poolName: string; userIdForSrp: string; secretBlock: string; timestamp: string }): Buffer {
  return createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(input.poolName, 'utf8'),
        Buffer.from(input.userIdForSrp, 'utf8'),
        Buffer.from(input.secretBlock, 'base64'),
        Buffer.from(input.timestamp, 'utf8'),
      ]),
    )
    .digest();
}

export function signaturesMatch(expected: Buffer, givenBase64: string): boolean {
  const given = Buffer.from(givenBase64, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Parses the clients' TIMESTAMP, `ddd MMM D HH:mm:ss UTC YYYY` (e.g. `Sat Dec 5 09:03:07 UTC 2026`). */
export function parseClaimTimestamp(text: string): Date | undefined {
  const match = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(text);
  if (!match) return undefined;
  const month = months.indexOf(match[2]!);
  if (month < 0) return undefined;
  const date = new Date(Date.UTC(Number(match[7]), month, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6])));
  return Number.isNaN(date.getTime()) ? undefined : date;
}
