/// <reference lib="dom" />
/** The portal's client of the API: the signed-in user's ID token on every call, one retry after a refresh, problems as errors. */
import type { FieldRule } from '../../../core/validation.ts';
import { auth, session, t } from './state.ts';

/** A refused field as the API names it: `rule` and `limit`, where given, let the page say it in its reader's language. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
  readonly rule?: FieldRule;
  readonly limit?: string;
}

export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  readonly reference?: string;
  readonly retryAfterSeconds?: number;
  readonly requestId?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const send = (token: string) =>
    fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  if (!session.identity) throw new ApiError(401, { title: 'Unauthorized' });
  let response: Response;
  try {
    response = await send(session.identity.idToken);
    if (response.status === 401) {
      const refreshed = await auth.refresh();
      if (refreshed) response = await send(refreshed.idToken);
    }
  } catch {
    throw new ApiError(0, { detail: t('errors.network') });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) throw new ApiError(response.status, (parsed ?? {}) as Problem);
  return parsed as T;
}
