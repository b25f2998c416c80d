/**
 * Nothing stored is left uncirculated: when the circulation cannot be started the upload answers
 * 503 with the reference it recorded, a retry with the same Idempotency-Key completes it, and the
 * reconciler completes what no retry did — including an attempt that died between its writes.
 *
 * The submit function is pointed at a circulation state machine that does not exist yet (the
 * engine reads the variable when the function first loads), which a test then creates.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateStateMachineCommand, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { newClaimant, ReferenceAllocator } from '../../functions/aws/reference-allocator.ts';
import { formatReference } from '../../functions/core/references.ts';
import { createSubmission, validateSubmissionBody } from '../../functions/core/submissions.ts';
import { circulationExecutionName } from '../../functions/intake/circulation.ts';
import { startMissingCirculations } from '../../functions/intake/reconcile.ts';
import { attemptWindowMs, CirculationNotStartedError, type IntakeDependencies, recordSubmission } from '../../functions/intake/record-submission.ts';
import { functionRegistry } from '../../functions/registry.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { get, submit, useIntakeEngine, violationBody } from './support.ts';

const context = useIntakeEngine();
const machineName = 'mpr-circulation-recovery';
let machineArn: string;

beforeAll(() => {
  machineArn = context().engine.resources.stateMachines['circulation']!.replace(/stateMachine:.*$/, `stateMachine:${machineName}`);
  process.env['CIRCULATION_STATE_MACHINE_ARN'] = machineArn;
});

function dependencies(overrides: Partial<IntakeDependencies> = {}): IntakeDependencies {
  const { documents, engine, sfn } = context();
  return { table: { client: documents, tableName: engine.resources.tableName }, stepFunctions: sfn, circulationStateMachineArn: machineArn, ...overrides };
}

/** As if the clock had moved past the longest an attempt can run. */
const later = () => new Date(Date.now() + attemptWindowMs + 1000);

async function executionOf(reference: string) {
  const executionArn = `${machineArn.replace(':stateMachine:', ':execution:')}:${circulationExecutionName(reference)}`;
  return context().sfn.send(new DescribeExecutionCommand({ executionArn }));
}

async function createCirculationMachine(): Promise<void> {
  const { engine, sfn } = context();
  const definition = JSON.stringify({
    StartAt: 'RecoveryHealthCheck',
    States: { RecoveryHealthCheck: { Type: 'Task', Resource: engine.functions.arnOf(functionRegistry.health), End: true } },
  });
  await sfn.send(new CreateStateMachineCommand({ name: machineName, definition, roleArn: 'arn:aws:iam::000000000000:role/local' }));
}

const references: Record<string, string> = {};

describe('when the circulation cannot be started', () => {
  it('answers 503 with the reference, having recorded the submission, its audit event and its incident', async () => {
    const { api, audit, incidents, token } = context();
    const answer = await submit(api, await token('focal.fra'), violationBody());
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ type: '/problems/circulation-not-started', status: 503 });
    expect(answer.headers.get('retry-after')).toBe('2');
    const reference = String(answer.body['reference']);
    references['withoutKey'] = reference;
    expect((await get(api, `/v1/submissions/${reference}`, await token('focal.fra'))).body).toMatchObject({ reference, status: 'received' });
    expect((await audit.forSubject('submission', reference)).map((event) => event.action)).toEqual(['received']);
    expect(await incidents.idsOfSubmission(reference)).toEqual([`INC-${reference}-1`]);
  });

  it('completes on a retry with the same Idempotency-Key once the state machine exists, answering with the first receipt', async () => {
    const { api, submissions, token } = context();
    const fra = await token('focal.fra');
    const body = violationBody({}, { city: 'Mombasa' });
    const failed = await submit(api, fra, body, { 'idempotency-key': 'retry-after-503' });
    expect(failed.status).toBe(503);
    const reference = String(failed.body['reference']);
    references['withKey'] = reference;
    await expect(executionOf(reference)).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });

    await createCirculationMachine();
    const count = (await submissions.listByState('FRA')).length;
    const retried = await submit(api, fra, body, { 'idempotency-key': 'retry-after-503' });
    expect(retried.status).toBe(200);
    // The list's line is the receipt with the kinds of report the submission carries.
    const lines = (await get<{ submissions: { reference: string; kinds: string[] }[] }>(api, '/v1/submissions', fra)).body.submissions;
    const { kinds, ...receipt } = lines.find((line) => line.reference === reference)!;
    expect(kinds).toEqual(['violation']);
    expect(retried.body).toEqual(receipt);
    expect((await executionOf(reference)).name).toBe(`circulation-${reference}`);
    expect((await submissions.listByState('FRA')).length).toBe(count);
  });
});

describe('startMissingCirculations', () => {
  it('starts the circulation of a submission no retry completed, once an attempt can no longer be running', async () => {
    const reference = references['withoutKey']!;
    await expect(executionOf(reference)).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    const tooEarly = await startMissingCirculations(dependencies());
    expect(tooEarly.started).not.toContain(reference);

    const result = await startMissingCirculations(dependencies({ now: later }));
    expect(result).toMatchObject({ cycleId: '77/108', failed: [] });
    expect(result.started).toEqual([reference]);
    expect(JSON.parse((await executionOf(reference)).input!)).toEqual({ reference });
    expect((await startMissingCirculations(dependencies({ now: later }))).started).toEqual([]);
  });

  it('completes a submission whose attempt died after storing it: audit event, incident and circulation', async () => {
    const { audit, documents, engine, incidents, submissions } = context();
    const receivedAt = new Date().toISOString();
    const validated = validateSubmissionBody(violationBody({}, { city: 'Kisumu' }), new Date());
    if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
    const year = new Date(receivedAt).getUTCFullYear();
    const reference = formatReference(
      year,
      (await new ReferenceAllocator({ client: documents, tableName: engine.resources.tableName }).allocate(year, newClaimant())).sequence,
    );
    await submissions.create(
      createSubmission({
        body: validated.value,
        reference,
        cycleId: '77/108',
        reportingState: 'FRA',
        source: 'upload',
        receivedAt,
        attachments: [],
        evidence: { bucket: engine.resources.evidenceBucket, key: 'intake/upload/FRA/lost.json' },
      }),
    );

    const result = await startMissingCirculations(dependencies({ now: later }));
    expect(result.auditCompleted).toEqual([reference]);
    expect(result.started).toEqual([reference]);
    expect(await audit.forSubject('submission', reference)).toMatchObject([{ action: 'received', actor: { kind: 'system', id: 'intake-reconciler' } }]);
    expect(await incidents.idsOfSubmission(reference)).toEqual([`INC-${reference}-1`]);
    expect((await executionOf(reference)).status).toBeDefined();
  });
});

describe('recordSubmission, called as the e-mail path calls it', () => {
  it('throws CirculationNotStartedError when the start fails, and a retry with the key completes it', async () => {
    const { engine } = context();
    const validated = validateSubmissionBody(violationBody({}, { city: 'Eldoret', circulate: false }), new Date());
    if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
    const input = {
      body: validated.value,
      reportingState: 'FRA',
      source: 'email' as const,
      receivedAt: new Date().toISOString(),
      evidence: { bucket: engine.resources.evidenceBucket, key: 'inbound/email/test-message' },
      attachments: [],
      actor: { kind: 'state' as const, id: 'mission@fra.example.org', state: 'FRA' },
      idempotencyKey: 'email-message-id-1',
    };
    const missing = dependencies({ circulationStateMachineArn: machineArn.replace(machineName, 'mpr-no-such-machine') });
    const failure = await recordSubmission(input, missing).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CirculationNotStartedError);
    const reference = (failure as CirculationNotStartedError).reference;

    const retried = await recordSubmission(input, dependencies());
    expect(retried.replay).toBe(true);
    expect(retried.submission).toMatchObject({ reference, source: 'email', status: 'received' });
    expect((await executionOf(reference)).name).toBe(`circulation-${reference}`);
  });
});

describe('a retry whose key was claimed by an attempt that never stored its submission', () => {
  it('stores it in that attempt’s place once the attempt can no longer be running (201)', async () => {
    const { api, submissions, token } = context();
    const claimedAt = new Date(Date.now() - attemptWindowMs - 10_000).toISOString();
    const reference = formatReference(new Date(claimedAt).getUTCFullYear(), 9001);
    await submissions.claimIdempotencyKey('FRA', 'died-after-claim', newClaimant(), claimedAt);
    await submissions.nameReference('FRA', 'died-after-claim', reference);
    const answer = await submit(api, await token('focal.fra'), violationBody({}, { city: 'Nakuru', circulate: false }), {
      'idempotency-key': 'died-after-claim',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ reference, receivedAt: claimedAt });
    expect((await submissions.get(reference))?.items[0]).toMatchObject({ city: 'Nakuru' });
  });

  it('answers 409 while that attempt may still be running', async () => {
    const { api, submissions, token } = context();
    await submissions.claimIdempotencyKey('FRA', 'still-running', newClaimant(), new Date().toISOString());
    await submissions.nameReference('FRA', 'still-running', formatReference(new Date().getUTCFullYear(), 9002));
    const answer = await submit(api, await token('focal.fra'), violationBody({}, { circulate: false }), { 'idempotency-key': 'still-running' });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ type: '/problems/idempotency-key-in-use', reference: formatReference(new Date().getUTCFullYear(), 9002) });
    expect(answer.headers.get('retry-after')).toBe('2');
  });

  it('allocates the number in the place of an attempt that died before it took one, using up one number only', async () => {
    const { api, referenceCounter, submissions, token } = context();
    const claimedAt = new Date(Date.now() - attemptWindowMs - 10_000).toISOString();
    const year = new Date(claimedAt).getUTCFullYear();
    await submissions.claimIdempotencyKey('FRA', 'died-before-number', newClaimant(), claimedAt);
    const before = await referenceCounter(year);
    const answer = await submit(api, await token('focal.fra'), violationBody({}, { city: 'Naivasha', circulate: false }), {
      'idempotency-key': 'died-before-number',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ reference: formatReference(year, before + 1), receivedAt: claimedAt });
    expect(await referenceCounter(year)).toBe(before + 1);
    expect((await submissions.idempotencyClaim('FRA', 'died-before-number'))?.reference).toBe(formatReference(year, before + 1));
  });

  it('uses the number an attempt took before it died, not a second one', async () => {
    const { api, documents, engine, referenceCounter, submissions, token } = context();
    const claimedAt = new Date(Date.now() - attemptWindowMs - 10_000).toISOString();
    const year = new Date(claimedAt).getUTCFullYear();
    const claimant = newClaimant();
    await submissions.claimIdempotencyKey('FRA', 'died-after-number', claimant, claimedAt);
    const { sequence } = await new ReferenceAllocator({ client: documents, tableName: engine.resources.tableName }).allocate(year, claimant);
    // Another submission takes the next number meanwhile.
    const other = await submit(api, await token('focal.fra'), violationBody({}, { city: 'Malindi', circulate: false }), { 'idempotency-key': 'meanwhile' });
    expect(other.body).toMatchObject({ reference: formatReference(year, sequence + 1) });

    const answer = await submit(api, await token('focal.fra'), violationBody({}, { city: 'Lamu', circulate: false }), {
      'idempotency-key': 'died-after-number',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ reference: formatReference(year, sequence) });
    expect(await referenceCounter(year)).toBe(sequence + 1);
  });

  it('allocates in the place of a live attempt slow to name its number, which then gets that same number', async () => {
    const { api, documents, engine, referenceCounter, submissions, token } = context();
    const claimedAt = new Date().toISOString();
    const year = new Date(claimedAt).getUTCFullYear();
    const claimant = newClaimant();
    await submissions.claimIdempotencyKey('FRA', 'slow-to-number', claimant, claimedAt);
    const before = await referenceCounter(year);
    const answer = await submit(api, await token('focal.fra'), violationBody({}, { city: 'Garissa', circulate: false }), {
      'idempotency-key': 'slow-to-number',
    });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ type: '/problems/idempotency-key-in-use', reference: formatReference(year, before + 1) });
    // The attempt that claimed the key wakes up and allocates: the same number.
    expect(await new ReferenceAllocator({ client: documents, tableName: engine.resources.tableName }).allocate(year, claimant)).toEqual({
      year,
      sequence: before + 1,
    });
    expect(await referenceCounter(year)).toBe(before + 1);
  });
});

describe('recordSubmission when DynamoDB applies a write and its answer is lost', () => {
  it('records the submission once, under the next number, with one received event, though every write is sent twice', async () => {
    const { audit, engine, referenceCounter, submissions } = context();
    // A client of its own, as the functions', whose every first write loses its answer after
    // DynamoDB applied it: the SDK sends it again, and the repeat meets the first write's effect.
    const lossy = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(engine.endpoints.dynamodb)), {
      marshallOptions: { removeUndefinedValues: true },
    });
    const sentBefore = new Set<string>();
    let lost = 0;
    lossy.middlewareStack.add(
      (next, middlewareContext) => async (args) => {
        const result = await next(args);
        const body = String((args.request as { body?: unknown }).body);
        if (['PutItemCommand', 'UpdateItemCommand'].includes(middlewareContext.commandName ?? '') && !sentBefore.has(body)) {
          sentBefore.add(body);
          lost += 1;
          throw Object.assign(new Error('socket hang up after the write was applied'), { code: 'ECONNRESET', $metadata: {} });
        }
        return result;
      },
      { step: 'deserialize', name: 'lose-first-answers' },
    );
    const validated = validateSubmissionBody(violationBody({}, { city: 'Kericho', circulate: false }), new Date());
    if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
    const receivedAt = new Date().toISOString();
    const year = new Date(receivedAt).getUTCFullYear();
    const before = await referenceCounter(year);
    const input = {
      body: validated.value,
      reportingState: 'FRA',
      source: 'email' as const,
      receivedAt,
      evidence: { bucket: engine.resources.evidenceBucket, key: 'inbound/email/lossy-message' },
      attachments: [],
      actor: { kind: 'state' as const, id: 'mission@fra.example.org', state: 'FRA' },
      idempotencyKey: 'email-lossy-1',
    };
    try {
      const recorded = await recordSubmission(input, dependencies({ table: { client: lossy, tableName: context().engine.resources.tableName } }));
      // The claim, the number, the reference in the claim, the submission, its event, its incident.
      expect(lost).toBeGreaterThanOrEqual(6);
      expect(recorded).toMatchObject({ replay: false, submission: { reference: formatReference(year, before + 1) } });
      expect(await referenceCounter(year)).toBe(before + 1);
      expect(await submissions.get(recorded.submission.reference)).toMatchObject({ receivedAt, items: [{ city: 'Kericho' }] });
      expect((await audit.forSubject('submission', recorded.submission.reference)).filter((event) => event.action === 'received')).toHaveLength(1);
      expect((await submissions.idempotencyClaim('FRA', 'email-lossy-1'))?.reference).toBe(recorded.submission.reference);
      expect(await recordSubmission(input, dependencies({ table: { client: lossy, tableName: context().engine.resources.tableName } }))).toMatchObject({
        replay: true,
        submission: { reference: recorded.submission.reference },
      });
    } finally {
      lossy.destroy();
    }
  });
});
