/**
 * Fault injection: a proxy in front of a stand-in that answers a chosen fraction of requests
 * with the error AWS itself returns under load, so that retries, backoff and idempotency are
 * exercised on the real code paths. Which requests fail is random (seeded for repeatability).
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { close, listen } from './net.ts';

export interface InjectedFault {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** SES v2 (REST-JSON) refusing for the send rate, as the SDK decodes it: TooManyRequestsException. */
export const sesThrottled: InjectedFault = {
  status: 429,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' },
  body: JSON.stringify({ message: 'Maximum sending rate exceeded.' }),
};

export interface FaultProxy {
  readonly url: string;
  /** Requests answered with a fault so far. */
  injected(): number;
  stop(): Promise<void>;
}

/** A small deterministic generator (mulberry32): the same seed fails the same requests. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(options: {
  target: string;
  /** Fraction of the matching requests that fail, from 0 to 1. */
  rate: number;
  fault: InjectedFault;
  /** Which requests may fail (all by default), e.g. only sends. */
  applies?: (method: string, path: string) => boolean;
  seed?: number;
}): Promise<FaultProxy> {
  const target = new URL(options.target);
  const next = random(options.seed ?? 1);
  let injected = 0;
  const server = createServer((incoming, outgoing) => {
    const applies = options.applies?.(incoming.method ?? 'GET', incoming.url ?? '/') ?? true;
    if (applies && next() < options.rate) {
      injected += 1;
      incoming.resume();
      outgoing.writeHead(options.fault.status, options.fault.headers).end(options.fault.body);
      return;
    }
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host } },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forwarded);
  });
  const url = await listen(server, 0);
  return { url, injected: () => injected, stop: () => close(server) };
}
