/**
 * Support for the intake tests: one engine per test file (seeded: the States registry, the 77/108
 * cycle, the demo users), real tokens, and the upload API reached over HTTP as a client would.
 */

import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { ListExecutionsCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { keys } from '../../functions/aws/keys.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { type Engine, startEngine } from '../../local/engine.ts';
import { violationItem } from '../support/submissions.ts';

const allFree = { api: 0, dynamodb: 0, s3: 0, ses: 0, cognito: 0, stepfunctions: 0, smtp: 0 };

export interface IntakeTestContext {
  readonly engine: Engine;
  readonly api: string;
  readonly documents: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly sfn: SFNClient;
  readonly submissions: SubmissionsRepository;
  readonly incidents: IncidentsRepository;
  readonly audit: AuditRepository;
  /** An ID token of a seeded user (`focal.fra`, `focal.ken`, …), cached for the file. */
  token(username: string): Promise<string>;
  /** The sequence the reference counter of `year` has reached (0 before any submission). */
  referenceCounter(year: number): Promise<number>;
}

/**
 * Counts the function invocations under way, so that the engine is stopped only once none is:
 * a workflow task still running when the table's stand-in closes would fail the test file.
 */
export function trackInvocations(engine: Engine): () => Promise<void> {
  const running = new Set<Promise<unknown>>();
  const invoke = engine.functions.invoke.bind(engine.functions);
  engine.functions.invoke = (spec, event) => {
    const invocation = invoke(spec, event);
    running.add(invocation);
    void invocation.catch(() => undefined).finally(() => running.delete(invocation));
    return invocation;
  };
  return async () => {
    while (running.size > 0) await Promise.allSettled([...running]);
  };
}

/** Stops every workflow execution still running, then waits for the tasks they had under way. */
export async function settle(engine: Engine, sfn: SFNClient, invocationsDone: () => Promise<void>): Promise<void> {
  for (const stateMachineArn of Object.values(engine.resources.stateMachines)) {
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }));
    await Promise.all(
      executions.map((execution) => sfn.send(new StopExecutionCommand({ executionArn: execution.executionArn, cause: 'the test file ended' }))),
    );
  }
  await invocationsDone();
}

/** Starts an engine before the file's tests and stops it after them. */
export function useIntakeEngine(): () => IntakeTestContext {
  let context: IntakeTestContext | undefined;
  let invocationsDone: () => Promise<void> = async () => undefined;
  const clients: { destroy(): void }[] = [];
  beforeAll(async () => {
    const engine = await startEngine({ ports: allFree, seed: true });
    invocationsDone = trackInvocations(engine);
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(engine.endpoints.dynamodb)), {
      marshallOptions: { removeUndefinedValues: true },
    });
    const s3 = new S3Client({ ...localClientConfig(engine.endpoints.s3), forcePathStyle: true });
    const sfn = new SFNClient(localClientConfig(engine.endpoints.stepfunctions));
    clients.push(documents, s3, sfn);
    const table = { client: documents, tableName: engine.resources.tableName };
    const tokens = new Map<string, Promise<string>>();
    context = {
      engine,
      api: engine.endpoints.api,
      documents,
      s3,
      sfn,
      submissions: new SubmissionsRepository(table),
      incidents: new IncidentsRepository(table),
      audit: new AuditRepository(table),
      token: (username) => {
        if (!tokens.has(username))
          tokens.set(
            username,
            engine.cognito.tokenFor({ username }).then((issued) => issued.idToken),
          );
        return tokens.get(username)!;
      },
      referenceCounter: async (year) => {
        const { Item } = await documents.send(
          new GetCommand({ TableName: engine.resources.tableName, Key: keys.referenceCounter(year), ConsistentRead: true }),
        );
        return typeof Item?.['sequence'] === 'number' ? Item['sequence'] : 0;
      },
    };
  });
  afterAll(async () => {
    if (context) await settle(context.engine, context.sfn, invocationsDone);
    for (const client of clients) client.destroy();
    await context?.engine.stop();
  });
  return () => {
    if (!context) throw new Error('the engine is not started yet');
    return context;
  };
}

/** Today and a few days ago as UTC dates: the form refuses dates in the future. */
export const today = new Date().toISOString().slice(0, 10);
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** A valid body: one violation report of an attack on France's embassy in Nairobi, a few days ago. */
export function violationBody(overrides: Record<string, unknown> = {}, itemOverrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    formVersion: 1,
    language: 'en',
    note: { date: today, reference: 'NV/2024/17' },
    items: [violationItem({ incidentDate: daysAgo(3), ...itemOverrides })],
    ...overrides,
  };
}

export interface ApiAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

async function answer<T>(response: Response): Promise<ApiAnswer<T>> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function submit(api: string, token: string, body: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const response = await fetch(`${api}/v1/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answer(response);
}

export async function get<T = Record<string, unknown>>(api: string, path: string, token?: string): Promise<ApiAnswer<T>> {
  return answer<T>(await fetch(`${api}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {}));
}

export async function requestUpload(api: string, token: string, description: unknown): Promise<ApiAnswer> {
  return answer(
    await fetch(`${api}/v1/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(description),
    }),
  );
}

/** Describes `content` as an attachment, asks for an upload and PUTs it; the attachment to cite, with its key. */
export async function uploadAttachment(api: string, token: string, fileName: string, contentType: string, content: string): Promise<Record<string, unknown>> {
  const description = { fileName, contentType, size: Buffer.byteLength(content), sha256: createHash('sha256').update(content).digest('hex') };
  const granted = await requestUpload(api, token, description);
  if (granted.status !== 201) throw new Error(`upload refused: ${JSON.stringify(granted.body)}`);
  const put = await fetch(String(granted.body['uploadUrl']), { method: 'PUT', headers: granted.body['headers'] as Record<string, string>, body: content });
  if (!put.ok) throw new Error(`PUT failed: ${put.status} ${await put.text()}`);
  return { ...description, key: granted.body['key'] };
}
