import { describe, expect, it } from 'vitest';
import { originCheck, originHeader } from '../../functions/runtime/origin-check.ts';

const secret = 'Zs4J1pY0-origin-secret-ü';

/** The middleware's answer to an HTTP API event carrying `header` (undefined: let through). */
function answerTo(header: string | undefined): unknown {
  const check = originCheck(() => secret);
  const event = { headers: header === undefined ? {} : { [originHeader]: header }, requestContext: { http: { method: 'GET' } } };
  return check.before!({ event, context: {}, response: undefined, error: undefined, internal: {} } as never);
}

describe('the origin check', () => {
  it('lets through the exact secret only', () => {
    expect(answerTo(secret)).toBeUndefined();
    for (const wrong of [
      undefined,
      '',
      `${secret.slice(0, -1)}u`, // the last character differs, the byte length too
      `${secret.slice(0, -2)}xü`, // one byte differs, the length is the same
      `x${secret.slice(1)}`, // the first byte differs
      secret.slice(0, 10), // a prefix
      `${secret}x`, // a longer one
      secret.toUpperCase(),
    ]) {
      expect(answerTo(wrong), String(wrong)).toMatchObject({ statusCode: 403 });
    }
  });

  it('checks nothing when no secret is configured, and nothing but HTTP events', () => {
    const open = originCheck(() => undefined);
    expect(open.before!({ event: { headers: {}, requestContext: { http: {} } } } as never)).toBeUndefined();
    const check = originCheck(() => secret);
    expect(check.before!({ event: { reference: 'MPR-2026-0001' } } as never)).toBeUndefined();
  });
});
