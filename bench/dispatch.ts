/**
 * One dispatch measurement in a fresh process (one engine per process: the handlers' SDK clients
 * are per process, as in a Lambda container). Prints one JSON line.
 *
 *   node bench/dispatch.ts --rate 14      SES rate (messages/s); 0 for no limit
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CyclesRepository } from '../functions/aws/cycles-repository.ts';
import { IncidentsRepository } from '../functions/aws/incidents-repository.ts';
import { NotesRepository } from '../functions/aws/notes-repository.ts';
import { StatesRepository } from '../functions/aws/states-repository.ts';
import { SubmissionsRepository } from '../functions/aws/submissions-repository.ts';
import { applyCycleChanges } from '../functions/core/cycles.ts';
import { noteId } from '../functions/core/dispatch.ts';
import { openIncident } from '../functions/core/incidents.ts';
import { formatReference } from '../functions/core/references.ts';
import { createSubmission, validateSubmissionBody } from '../functions/core/submissions.ts';
import { localClientConfig } from '../local/aws-config.ts';
import { startEngine } from '../local/engine.ts';
import { readOutbox } from '../local/ses.ts';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '14' } } });
const rate = Number(values.rate);
const unlimited = 100_000;
const engine = await startEngine({
  ports: { api: 0, dynamodb: 0, s3: 0, ses: 0, cognito: 0, stepfunctions: 0, smtp: 0 },
  sesMaxSendRate: rate > 0 ? rate : unlimited,
});
const table = { client: DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(engine.endpoints.dynamodb))), tableName: engine.resources.tableName };
const sfn = new SFNClient(localClientConfig(engine.endpoints.stepfunctions));

try {
  // Every addressee with exactly two mailboxes, as the benchmark is specified.
  const states = new StatesRepository(table);
  const registry = (await states.list()).map((state) => ({
    ...state,
    mailboxes: [
      { address: `pm.${state.code.toLowerCase()}@missions.example.org`, health: 'healthy' as const },
      { address: `protocol.${state.code.toLowerCase()}@missions.example.org`, health: 'healthy' as const },
    ],
  }));
  await states.replaceAll(registry);
  const cycles = new CyclesRepository(table);
  const stored = (await cycles.get('77/108'))!;
  const changed = applyCycleChanges(stored.cycle, { replyDeadline: '2099-05-15' });
  if (!changed.ok) throw new Error(JSON.stringify(changed.errors));
  await cycles.save(changed.value, stored.version);
  const addressees = registry.filter((state) => state.addressed).length;
  const recipients = addressees * 2;

  const started = performance.now();
  await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: engine.resources.stateMachines['circular-dispatch'],
      name: 'bench',
      input: JSON.stringify({ cycleId: '77/108' }),
    }),
  );
  const notes = new NotesRepository(table);
  while (!(await notes.dispatchRecord(noteId('circular', '77/108'), 'bench'))) await new Promise((resolve) => setTimeout(resolve, 20));
  const dispatchSeconds = (performance.now() - started) / 1000;
  const sent = (await readOutbox(engine.endpoints.ses)).length;

  // One circulation of one violation report: its state transitions and function invocations.
  let transitions = 0;
  let invocations = 0;
  let functionMillis = 0;
  engine.workflowEvents.on('event', ({ event }) => {
    if (event.type?.endsWith('StateEntered')) transitions += 1;
  });
  engine.functions.events.on('invocation', (record) => {
    invocations += 1;
    functionMillis += record.millis;
  });
  const now = engine.clock.now();
  const body = validateSubmissionBody(
    {
      formVersion: 1,
      language: 'en',
      note: { date: now.toISOString().slice(0, 10) },
      items: [
        {
          kind: 'violation',
          occurredIn: 'KEN',
          city: 'Nairobi',
          incidentDate: now.toISOString().slice(0, 10),
          affected: { kinds: ['embassy'], missionState: 'FRA' },
          violationKinds: ['attack'],
          facts: 'The chancery was attacked.',
          allegedOffender: { known: false },
        },
      ],
    },
    now,
  );
  if (!body.ok) throw new Error(JSON.stringify(body.errors));
  const submission = createSubmission({
    body: body.value,
    reference: formatReference(now.getUTCFullYear(), 1),
    cycleId: '77/108',
    reportingState: 'FRA',
    source: 'upload',
    receivedAt: now.toISOString(),
    attachments: [],
    evidence: { bucket: engine.resources.evidenceBucket, key: 'bench/1.json' },
  });
  await new SubmissionsRepository(table).create(submission);
  await new IncidentsRepository(table).save(openIncident(submission, 0));
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: engine.resources.stateMachines['circulation'],
      name: 'bench-circulation',
      input: JSON.stringify({ reference: submission.reference }),
    }),
  );
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') {
      if (execution.status !== 'SUCCEEDED') throw new Error(`circulation ${execution.status}: ${execution.cause}`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const circulationEmails = (await readOutbox(engine.endpoints.ses)).length - sent;
  process.stdout.write(
    `${JSON.stringify({ rate, addressees, recipients, dispatchSeconds, boundSeconds: rate > 0 ? recipients / rate : null, sent, throttlingSurfaced: engine.faultsInjected.sesThrottled(), circulation: { transitions, invocations, functionMillis, emails: circulationEmails } })}\n`,
  );
} finally {
  sfn.destroy();
  table.client.destroy();
  await engine.stop();
}
