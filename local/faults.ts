/**
 * Fault injection: the local engine can make a chosen fraction of the calls the functions make
 * fail the way AWS fails, so that retries, back-off and idempotency are exercised on the real
 * code paths:
 *
 * - a proxy in front of a stand-in (DynamoDB, S3, SES) answers some requests with the error the
 *   service itself returns under load (throttling, 5xx), or drops the connection before the
 *   request reaches the service (what a client sees when a call times out);
 * - the Step Functions stand-in fails some Lambda invocations before the function runs
 *   (Lambda.ServiceException, Lambda.TooManyRequestsException);
 * - a function may crash after it has done its work but before it answers (its side effects stay,
 *   its result is lost), as a Lambda whose runtime exits or times out at the very end.
 *
 * Which calls fail is random but seeded: the same seed fails the same calls in the same order.
 * Faults are never injected into the engine's own calls (seeding, the SMTP receipt's S3 write,
 * the outbox reads) nor into the tests' own clients: those reach the stand-ins directly.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { close, listen } from './net.ts';

/** A fault as the client sees it: an error answer, or a connection closed without one. */
export type InjectedFault =
  | { readonly name: string; readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: string }
  | { readonly name: string; readonly dropConnection: true };

function jsonError(status: number, type: string, message: string, typeHeader: 'x-amzn-errortype' | '__type'): InjectedFault {
  // DynamoDB (JSON 1.0) names the error in the body's `__type`; SES v2 (REST-JSON) in a header.
  return typeHeader === '__type'
    ? {
        name: type,
        status,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }),
      }
    : { name: type, status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': type }, body: JSON.stringify({ message }) };
}

function s3Error(status: number, code: string, message: string): InjectedFault {
  return {
    name: code,
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>LOCALFAULT</RequestId></Error>`,
  };
}

/** The connection closes before the request reaches the service: the client cannot tell whether it did. */
export const droppedConnection: InjectedFault = { name: 'ConnectionDropped', dropConnection: true };

/** SES v2 failing on its side, as the SDK decodes it: InternalFailure (500). */
function sesInternalFailure(): InjectedFault {
  return jsonError(500, 'InternalFailure', 'The request processing has failed because of an unknown error.', 'x-amzn-errortype');
}

/** What SES answers, every time, to a send to a recipient of `FaultOptions.sesFailingRecipients`. */
export const sesFailingForRecipient = sesInternalFailure();

/** SES v2 refusing for the send rate, as the SDK decodes it: TooManyRequestsException. */
export const sesThrottled = jsonError(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.', 'x-amzn-errortype');

/** The errors each service returns under load or failure, as its protocol encodes them. */
export const awsFaults: Readonly<Record<'dynamodb' | 's3' | 'ses', readonly InjectedFault[]>> = {
  dynamodb: [
    jsonError(400, 'ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded.', '__type'),
    jsonError(400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.', '__type'),
    jsonError(500, 'InternalServerError', 'Internal server error', '__type'),
    droppedConnection,
  ],
  s3: [
    s3Error(503, 'SlowDown', 'Please reduce your request rate.'),
    s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'),
    droppedConnection,
  ],
  // A dropped connection to SES is left out of the mix: a client cannot tell whether the message
  // went, so the sender keeps the send as uncertain rather than send a note twice (a case of its own).
  ses: [sesThrottled, sesInternalFailure(), jsonError(503, 'ServiceUnavailable', 'Service is unavailable.', 'x-amzn-errortype')],
};

/** How an injected fault is counted: `<service>:<error name>`. */
export type FaultCounts = Record<string, number>;

/** A small deterministic generator (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, call by call, whether to fail and with which fault, and counts what it injected. */
export class FaultPlan<Fault extends { readonly name: string } = InjectedFault> {
  private readonly next: () => number;
  private readonly counts: FaultCounts;
  private readonly service: string;
  private readonly rate: number;
  private readonly faults: readonly Fault[];

  constructor(options: { service: string; rate: number; faults: readonly Fault[]; seed: number; counts: FaultCounts }) {
    this.service = options.service;
    this.rate = options.rate;
    this.faults = options.faults;
    this.next = seededRandom(options.seed);
    this.counts = options.counts;
  }

  /** The fault this call meets, if any. */
  draw(): Fault | undefined {
    if (this.rate <= 0 || this.next() >= this.rate) return undefined;
    const fault = this.faults[Math.floor(this.next() * this.faults.length)]!;
    const key = `${this.service}:${fault.name}`;
    this.counts[key] = (this.counts[key] ?? 0) + 1;
    return fault;
  }
}

/** How long AWS endpoints keep an idle connection open (about a minute). */
export const idleConnectionMillis = 60_000;

export interface FaultProxy {
  readonly url: string;
  stop(): Promise<void>;
}

/** A request as the proxy passes it on, whole. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Buffer;
}

/**
 * A proxy in front of a stand-in that fails the requests its plan picks (among those it
 * `applies` to), hands every request it passes on to `record` first, synchronously, and each
 * answer the stand-in gives to a request `answers` picks (all by default), with its request, to
 * `answered` before the client receives it; other requests and answers pass through unread.
 */
export async function startFaultProxy(options: {
  target: string;
  plan?: FaultPlan;
  applies?: (method: string, path: string) => boolean;
  record?: (request: ProxiedRequest) => void;
  answered?: (request: ProxiedRequest, answer: { readonly status: number; readonly body: Buffer }) => void;
  answers?: (method: string, path: string) => boolean;
  /** A fault chosen by the whole request (its body read): a service failing for one recipient, every time. */
  failsRequest?: (request: ProxiedRequest) => InjectedFault | undefined;
  /** A refusal the service itself would answer, from the request line and headers (S3's signature check: local/s3-signatures.ts). */
  refuses?: (incoming: IncomingMessage) => InjectedFault | undefined;
  /** The port to listen on when the proxy stands for the service at its own port; a free one by default. */
  port?: number;
}): Promise<FaultProxy> {
  const target = new URL(options.target);
  const server = createServer((incoming, outgoing) => {
    const refused = options.refuses?.(incoming);
    if (refused && 'status' in refused) {
      // Answered once the body is read, as the faults below are.
      incoming.on('end', () => outgoing.writeHead(refused.status, refused.headers).end(refused.body));
      incoming.resume();
      return;
    }
    const applies = options.applies?.(incoming.method ?? 'GET', incoming.url ?? '/') ?? true;
    const fault = applies ? options.plan?.draw() : undefined;
    if (fault && 'dropConnection' in fault) {
      incoming.socket.destroy();
      return;
    }
    if (fault) {
      // Answered once the whole request is read, as AWS answers: an answer sent while the client
      // is still writing its body makes Node close the connection, and the client then sees no
      // answer at all (a fault nobody meant to inject).
      incoming.on('end', () => outgoing.writeHead(fault.status, fault.headers).end(fault.body));
      incoming.resume();
      return;
    }
    let request: ProxiedRequest | undefined;
    const answered = options.answered && (options.answers?.(incoming.method ?? 'GET', incoming.url ?? '/') ?? true) ? options.answered : undefined;
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host } },
      (response) => {
        if (!answered) {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
          return;
        }
        const answer: Buffer[] = [];
        response.on('data', (chunk: Buffer) => answer.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(answer);
          if (request) answered(request, { status: response.statusCode ?? 502, body });
          outgoing.writeHead(response.statusCode ?? 502, response.headers).end(body);
        });
      },
    );
    forwarded.on('error', () => {
      // A request failed by `failsRequest` was answered already, its forwarding abandoned.
      if (!outgoing.headersSent) outgoing.writeHead(502).end();
    });
    if (!options.record && !answered && !options.failsRequest) {
      incoming.pipe(forwarded);
      return;
    }
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      request = { method: incoming.method ?? 'GET', path: incoming.url ?? '/', body };
      const failure = options.failsRequest?.(request);
      if (failure) {
        forwarded.destroy();
        if ('dropConnection' in failure) incoming.socket.destroy();
        else outgoing.writeHead(failure.status, failure.headers).end(failure.body);
        return;
      }
      options.record?.(request);
      forwarded.end(body);
    });
  });
  // Dropped connections are the point: a socket error here is not the proxy's failure.
  server.on('clientError', (_error, socket) => socket.destroy());
  // Idle connections are kept as long as AWS endpoints keep them, longer than the SDK's clients
  // leave them unused: else a request sent on a connection the proxy is closing fails unanswered,
  // a fault nobody injected.
  server.keepAliveTimeout = idleConnectionMillis;
  const url = await listen(server, options.port ?? 0);
  return {
    url,
    stop: async () => {
      server.closeAllConnections();
      await close(server);
    },
  };
}

/** A Lambda invocation the service refused before the function ran, as Step Functions names it. */
export class LambdaServiceError extends Error {
  constructor(name: 'Lambda.ServiceException' | 'Lambda.TooManyRequestsException') {
    super(name === 'Lambda.ServiceException' ? 'Lambda was unable to process the request (injected fault).' : 'Rate exceeded (injected fault).');
    this.name = name;
  }
}

export const lambdaInvocationFaults = [{ name: 'Lambda.ServiceException' }, { name: 'Lambda.TooManyRequestsException' }] as const;

/** A function that did its work and then crashed before answering, as Lambda reports it. */
export class CrashedAfterSideEffects extends Error {
  override readonly name = 'Runtime.ExitError';
  constructor(functionName: string) {
    super(`RequestId: local Error: Runtime exited after ${functionName} had done its work (injected fault)`);
  }
}

/** Fault settings of the engine: each rate is the fraction of matching calls that fail, 0 to 1. */
export interface FaultOptions {
  /** Only SES sends, only TooManyRequestsException (the throttling test and benchmark). */
  readonly sesThrottleRate?: number;
  readonly dynamodb?: number;
  readonly s3?: number;
  readonly ses?: number;
  /** Lambda invocations by Step Functions tasks refused before the function runs. */
  readonly taskInvocations?: number;
  /** Function invocations that crash after their side effects, before answering (every trigger). */
  readonly crashAfterSideEffects?: number;
  /** Recipients SES fails every send to (InternalFailure, 500), whatever the retries: a persistent failure for one mailbox. */
  readonly sesFailingRecipients?: readonly string[];
  readonly seed?: number;
}

/** The same rate of every kind of fault. */
export function faultsEverywhere(rate: number, seed = 1): FaultOptions {
  return { dynamodb: rate, s3: rate, ses: rate, taskInvocations: rate, crashAfterSideEffects: rate, seed };
}
