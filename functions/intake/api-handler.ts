/**
 * The handler of a signed-in route of the API, as every such function builds it: observed under
 * its registry name, an unexpected error answered as a problem (never a stack trace), and a token
 * whose user was removed or disabled since it was issued refused before the function's own work
 * (runtime/revoked-tokens.ts). One place, so that no new route forgets the refusal.
 */
import middy from '@middy/core';
import { RevocationsRepository } from '../aws/revocations-repository.ts';
import type { TableAccess } from '../aws/table-repository.ts';
import type { AuthorizedHttpEvent, HttpResult } from '../runtime/http.ts';
import { unexpectedErrorsAsProblems } from '../runtime/middleware.ts';
import type { observability } from '../runtime/observability.ts';
import { revokedTokensRefused } from '../runtime/revoked-tokens.ts';

export function signedInHandler(
  observed: ReturnType<typeof observability>,
  table: TableAccess,
  serve: (event: AuthorizedHttpEvent) => Promise<HttpResult>,
): middy.MiddyfiedHandler<AuthorizedHttpEvent, HttpResult> {
  return middy<AuthorizedHttpEvent, HttpResult>()
    .use(observed.middlewares)
    .use(unexpectedErrorsAsProblems(observed.logger))
    .use(revokedTokensRefused(new RevocationsRepository(table)))
    .handler(serve);
}
