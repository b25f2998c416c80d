/**
 * A handler's route table is keyed by the routes its registry entry declares: a route left out
 * or one the registry does not give the function does not compile; an event of another route
 * (a deployment out of step with the registry) fails loudly.
 */
import { describe, expect, it } from 'vitest';
import type { AuthorizedHttpEvent } from '../../functions/runtime/http.ts';
import { routeTable } from '../../functions/runtime/routes.ts';

const spec = {
  name: 'example',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/things', auth: 'jwt' },
    { kind: 'http', method: 'DELETE', path: '/v1/things/{id}', auth: 'jwt' },
    { kind: 'workflow-task' },
  ],
} as const;

const event = (routeKey: string) => ({ routeKey }) as AuthorizedHttpEvent;

describe('routeTable', () => {
  it('calls the route of the event’s route key, with the handler’s context', async () => {
    const route = routeTable(spec).serve<string>({
      'GET /v1/things': (_event, who) => ({ statusCode: 200, body: `list for ${who}` }),
      'DELETE /v1/things/{id}': () => ({ statusCode: 204 }),
    });
    expect(await route(event('GET /v1/things'), 'FRA')).toEqual({ statusCode: 200, body: 'list for FRA' });
    expect(await route(event('DELETE /v1/things/{id}'), 'FRA')).toEqual({ statusCode: 204 });
    await expect(route(event('POST /v1/things'), 'FRA')).rejects.toThrow('example has no route POST /v1/things');
    await expect(route(event('toString'), 'FRA')).rejects.toThrow('example has no route toString');
  });

  it('takes exactly the declared routes (checked by the compiler)', () => {
    // @ts-expect-error: DELETE /v1/things/{id} is declared and not served.
    routeTable(spec).serve({ 'GET /v1/things': () => ({ statusCode: 200 }) });
    routeTable(spec).serve({
      'GET /v1/things': () => ({ statusCode: 200 }),
      'DELETE /v1/things/{id}': () => ({ statusCode: 204 }),
      // @ts-expect-error: POST /v1/things is not a route of this function.
      'POST /v1/things': () => ({ statusCode: 201 }),
    });
  });
});
