/**
 * The route table of a function that serves several HTTP routes, keyed by the routes its registry
 * entry declares: a route declared and not served, or served and not declared, is a compile
 * error, so the registry (which the CDK stack and the local engine read) is the one place a route
 * is written. The entry is passed in: the runtime does not import the registry, which builds on it.
 */
import type { AuthorizedHttpEvent, HttpResult } from './http.ts';

/** A trigger as the registry declares it; only HTTP ones make routes. */
interface DeclaredTrigger {
  readonly kind: string;
}

/** `GET /v1/submissions`, …: the API Gateway route keys of the entry's HTTP triggers. */
export type RouteKeyOf<S extends { readonly triggers: readonly DeclaredTrigger[] }> = S['triggers'][number] extends infer T
  ? T extends { readonly kind: 'http'; readonly method: infer M extends string; readonly path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;

/** What serves one route: the event, and what the handler established for every route (e.g. the caller). */
export type Route<C> = (event: AuthorizedHttpEvent, context: C) => HttpResult | Promise<HttpResult>;

/**
 * The routes of `spec`, each served by its own function:
 * `routeTable(functionRegistry.readSubmissions).serve<StateCaller>({ 'GET /v1/submissions': … })`.
 * The returned function calls the one of the event's route key.
 */
export function routeTable<S extends { readonly name: string; readonly triggers: readonly DeclaredTrigger[] }>(spec: S) {
  return {
    serve<C = undefined>(routes: { readonly [K in RouteKeyOf<S>]: Route<C> }): (event: AuthorizedHttpEvent, context: C) => Promise<HttpResult> {
      const table: Readonly<Record<string, Route<C>>> = routes;
      return async (event, context) => {
        const route = Object.hasOwn(table, event.routeKey) ? table[event.routeKey] : undefined;
        // Only a deployment that routes to this function a route the registry does not give it.
        if (!route) throw new Error(`${spec.name} has no route ${event.routeKey}`);
        return route(event, context);
      };
    },
  };
}
