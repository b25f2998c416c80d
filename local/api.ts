/**
 * The HTTP API stand-in: routes requests to the registry's `http` functions with HTTP API
 * payload format 2.0 events, and guards `jwt` routes the way the HTTP API JWT authorizer does
 * (a refused token never reaches the function; the client sees 401 `{"message":"Unauthorized"}`).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { allFunctions, type FunctionSpec, type HttpMethod } from '../functions/registry.ts';
import { localAccountId } from './aws-config.ts';
import type { LocalFunctions } from './functions.ts';
import { close, listen } from './net.ts';

/** What the JWT authorizer answers for an Authorization header. */
export type Authorization =
  | { readonly ok: true; readonly claims: Record<string, string | number | boolean | string[]>; readonly scopes: string[] | undefined }
  | { readonly ok: false; readonly reason: string };

export type Authorize = (authorizationHeader: string | undefined) => Promise<Authorization>;

interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
  readonly auth: 'jwt' | 'none';
  readonly spec: FunctionSpec;
}

/** HTTP API's payload limit: a larger request is refused before any function runs. */
const maxPayloadBytes = 10 * 1024 * 1024;
const apiId = 'local';

export function routesFromRegistry(functions: readonly FunctionSpec[] = allFunctions): Route[] {
  return functions.flatMap((spec) =>
    spec.triggers.flatMap((trigger) => {
      if (trigger.kind !== 'http') return [];
      const parameterNames = [...trigger.path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => match[1]!);
      const pattern = new RegExp(`^${trigger.path.replace(/\{[^}]+\+\}/g, '(.+)').replace(/\{[^}]+\}/g, '([^/]+)')}$`);
      return [{ method: trigger.method, path: trigger.path, pattern, parameterNames, auth: trigger.auth, spec }];
    }),
  );
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string> | undefined) };
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
  response.writeHead(result.statusCode ?? 200, headers).end(body);
}

function message(statusCode: number, text: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: text }) };
}

/** HTTP API's reading of a 2.0 function result: a structured result, or any value as JSON. */
function toStructuredResult(result: unknown): APIGatewayProxyStructuredResultV2 {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) return result as APIGatewayProxyStructuredResultV2;
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: typeof result === 'string' ? result : JSON.stringify(result) };
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxPayloadBytes) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const textContentTypes = /^(text\/|application\/(json|problem\+json|x-www-form-urlencoded|xml))/;

function buildEvent(
  request: IncomingMessage,
  url: URL,
  route: Route,
  match: RegExpMatchArray,
  body: Buffer,
  claims: Authorization | undefined,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const pathParameters = Object.fromEntries(route.parameterNames.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
  const isText = body.length === 0 || textContentTypes.test(headers['content-type'] ?? '');
  const now = new Date();
  const routeKey = `${route.method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(request.headers.cookie ? { cookies: request.headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(route.parameterNames.length ? { pathParameters } : {}),
    requestContext: {
      accountId: localAccountId,
      apiId,
      domainName: headers['host'] ?? 'localhost',
      domainPrefix: apiId,
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: claims?.ok
        ? { principalId: '', integrationLatency: 0, jwt: { claims: claims.claims as Record<string, string>, scopes: claims.scopes ?? [] } }
        : (undefined as never),
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
}

export interface LocalApi {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startApi(options: { port: number; functions: LocalFunctions; authorize: Authorize; routes?: Route[] }): Promise<LocalApi> {
  const routes = options.routes ?? routesFromRegistry();
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const candidates = routes.filter((route) => route.pattern.test(url.pathname));
      const route = candidates.find((candidate) => candidate.method === request.method);
      const match = route ? url.pathname.match(route.pattern) : null;
      if (!route || !match) return send(response, message(404, 'Not Found'));
      let authorization: Authorization | undefined;
      if (route.auth === 'jwt') {
        authorization = await options.authorize(request.headers.authorization);
        if (!authorization.ok) return send(response, message(401, 'Unauthorized'));
      }
      const body = await readBody(request);
      if (body === 'too-large') return send(response, message(413, 'Request Entity Too Large'));
      const event = buildEvent(request, url, route, match, body, authorization);
      try {
        send(response, toStructuredResult(await options.functions.invoke(route.spec, event)));
      } catch {
        send(response, message(500, 'Internal Server Error'));
      }
    })().catch(() => {
      if (!response.headersSent) send(response, message(500, 'Internal Server Error'));
    });
  });
  const url = await listen(server, options.port);
  return { url, stop: () => close(server) };
}
