/**
 * Structured logs: one JSON object per line, with the fields of Powertools for AWS Lambda's
 * Logger, which the functions used before (so that saved CloudWatch Logs Insights queries and
 * the runbook's filters keep working):
 *
 *   level, message, timestamp, service, cold_start, function_arn, function_memory_size,
 *   function_name, function_request_id, sampling_rate, xray_trace_id, then the line's own keys
 *   (an Error as `error`: name, location, message, stack, cause).
 *
 * One difference, in the text only: DEL, the C1 controls and the Unicode line separators are
 * written as `\uXXXX` escapes (escapeControls below), the same JSON values.
 *
 * Written here because the package took 31 ms of every cold start (against 10 ms for an empty
 * module): its constructor loads node:crypto for log sampling, which no function uses, and opens
 * Node's stdout and stderr streams before the first line (docs/benchmarks.md). This one touches
 * the streams only when it writes.
 *
 * Lines of WARN and ERROR go to stderr, the others to stdout, as the package's console did; both
 * reach the function's log group. They are written to the streams directly, not through
 * `console`, which the Lambda runtime wraps in a JSON object of its own.
 *
 * The level, as Powertools chose it: Lambda's application log level (`AWS_LAMBDA_LOG_LEVEL`, set
 * from the function's logging configuration, INFO unless changed there), which drops the lines
 * below it anyway; where Lambda sets none (the local engine), `LOG_LEVEL` (DEBUG, INFO, WARN, ERROR
 * or SILENT); else INFO.
 */

const levels = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, SILENT: 28 } as const;
export type LogLevel = keyof typeof levels;
type WrittenLevel = Exclude<LogLevel, 'SILENT'>;

/** What a line may carry besides its message: an Error (as `error`) or keys of its own. */
export type LogExtra = Error | Readonly<Record<string, unknown>> | undefined;

export interface Logger {
  debug(message: string, ...extra: LogExtra[]): void;
  info(message: string, ...extra: LogExtra[]): void;
  warn(message: string, ...extra: LogExtra[]): void;
  error(message: string, ...extra: LogExtra[]): void;
}

/** The part of Lambda's context object a log line names. */
export interface InvocationContext {
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
}

/** One line to its stream, in one write, so that lines of concurrent writers never interleave. */
function write(level: WrittenLevel, line: string): void {
  (level === 'WARN' || level === 'ERROR' ? process.stderr : process.stdout).write(`${line}\n`);
}

/** Keys a line's own attributes may not replace (dropped with a warning, as Powertools did). */
const reserved = new Set(['level', 'message', 'sampling_rate', 'service', 'timestamp']);

function levelFrom(name: string | undefined): LogLevel | undefined {
  const upper = name?.trim().toUpperCase();
  return upper !== undefined && upper in levels ? (upper as LogLevel) : undefined;
}

export function configuredLevel(environment: NodeJS.ProcessEnv = process.env): LogLevel {
  return levelFrom(environment['AWS_LAMBDA_LOG_LEVEL']) ?? levelFrom(environment['LOG_LEVEL']) ?? 'INFO';
}

/** The Root of X-Ray's trace header, which Lambda sets per invocation when tracing is active. */
function traceId(): string | undefined {
  return /Root=([^;]+)/.exec(process.env['_X_AMZN_TRACE_ID'] ?? '')?.[1];
}

/** The file and line the error was thrown at: the first stack frame with a location. */
function location(stack: string | undefined): string {
  for (const frame of stack?.split('\n') ?? []) {
    const match = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(frame);
    if (match) return `${match[1]}:${Number(match[2])}`;
  }
  return '';
}

export function formatError(error: Error): Record<string, unknown> {
  const { name, message, stack, cause, ...own } = error as Error & Record<string, unknown>;
  return { name, location: location(stack), message, stack, cause: cause instanceof Error ? formatError(cause) : cause, ...own };
}

/**
 * JSON escapes line breaks and C0 controls, but writes DEL, the C1 controls (U+009B is a terminal's
 * CSI) and the Unicode line separators as they are: escaped here too, so that a value a State
 * sent (a city, an e-mail's subject) reaches an officer's terminal or log viewer as text, on one
 * line. They can only stand inside a JSON string, where `\uXXXX` reads back the same.
 */
function escapeControls(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON.stringify's replacer: Errors as objects, bigints as strings, a cycle cut where it closes. */
function replacer(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key, value) {
    const replaced = value instanceof Error ? formatError(value) : value;
    if (typeof replaced === 'bigint') return replaced.toString();
    if (typeof replaced === 'object' && replaced !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  };
}

/** A function's logger: its service name, and the context of the invocation it is in. */
export class StructuredLogger implements Logger {
  readonly #service: string;
  readonly #threshold: number;
  #coldStart: boolean;
  #invocation: (InvocationContext & { readonly coldStart: boolean }) | undefined;

  constructor(service: string) {
    this.#service = service;
    this.#threshold = levels[configuredLevel()];
    // A container Lambda started ahead of demand (provisioned concurrency) has no cold start.
    this.#coldStart = process.env['AWS_LAMBDA_INITIALIZATION_TYPE'] === 'on-demand';
  }

  /**
   * Names the invocation in every line until the next one. Returns whether it is the cold start:
   * the container's first invocation, when Lambda started the container on demand.
   */
  startInvocation(context: InvocationContext): boolean {
    const coldStart = this.#coldStart;
    this.#invocation = { ...context, coldStart };
    this.#coldStart = false;
    return coldStart;
  }

  debug(message: string, ...extra: LogExtra[]): void {
    this.#write('DEBUG', message, extra);
  }

  info(message: string, ...extra: LogExtra[]): void {
    this.#write('INFO', message, extra);
  }

  warn(message: string, ...extra: LogExtra[]): void {
    this.#write('WARN', message, extra);
  }

  error(message: string, ...extra: LogExtra[]): void {
    this.#write('ERROR', message, extra);
  }

  #write(level: WrittenLevel, message: string, extra: LogExtra[]): void {
    if (levels[level] < this.#threshold) return;
    const invocation = this.#invocation;
    const line: Record<string, unknown> = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.#service,
      cold_start: invocation?.coldStart,
      function_arn: invocation?.invokedFunctionArn,
      function_memory_size: invocation?.memoryLimitInMB,
      function_name: invocation?.functionName,
      function_request_id: invocation?.awsRequestId,
      sampling_rate: 0,
      xray_trace_id: traceId(),
    };
    for (const item of extra) {
      if (item instanceof Error) line['error'] = item;
      else if (item) {
        for (const [key, value] of Object.entries(item)) {
          if (reserved.has(key)) this.warn(`The key "${key}" is a reserved key and will be dropped.`);
          else line[key] = value;
        }
      }
    }
    write(level, escapeControls(JSON.stringify(line, replacer())));
  }
}
