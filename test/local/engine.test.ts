/**
 * The local engine, booted on free ports and driven through the real AWS SDK v3 clients, SMTP
 * and HTTP, as the functions and the CLI use it.
 */

import { connect } from 'node:net';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionArnPlaceholder, functionRegistry } from '../../functions/registry.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { type Engine, startEngine } from '../../local/engine.ts';
import { readOutbox } from '../../local/ses.ts';
import type { InboundDelivery } from '../../local/smtp-inbound.ts';
import { substitute, workflowSubstitutions } from '../../workflows/index.ts';
import { eventually } from '../support/engine.ts';

const allFree = { api: 0, dynamodb: 0, s3: 0, ses: 0, cognito: 0, stepfunctions: 0, smtp: 0 };

let engine: Engine;
let readyMillis: number;

beforeAll(async () => {
  // Processor time, not wall-clock time: the engine's own work to start, which a busy machine
  // does not stretch (its wall-clock start then waits for the processor, not for the engine).
  const started = process.cpuUsage();
  engine = await startEngine({ ports: allFree, seed: false });
  const { user, system } = process.cpuUsage(started);
  readyMillis = (user + system) / 1000;
});

afterAll(async () => {
  await engine?.stop();
});

function portOf(url: string): number {
  return Number(new URL(url).port);
}

async function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('local engine', () => {
  it('is ready within 5 seconds', () => {
    expect(readyMillis).toBeLessThan(5000);
  });

  it('serves the table as the data design defines it: conditional writes and queries on an index', async () => {
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(engine.endpoints.dynamodb)));
    const TableName = engine.resources.tableName;
    const item = { pk: 'TEST#1', sk: 'A', gsi1pk: 'TESTS', gsi1sk: '2026-01-01', note: 'first' };
    await documents.send(new PutCommand({ TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    await expect(
      documents.send(new PutCommand({ TableName, Item: { ...item, note: 'second' }, ConditionExpression: 'attribute_not_exists(pk)' })),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const byIndex = await documents.send(
      new QueryCommand({ TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'TESTS' } }),
    );
    expect(byIndex.Items).toEqual([item]);
  });

  it('stores and returns evidence objects', async () => {
    const s3 = new S3Client({ ...localClientConfig(engine.endpoints.s3), forcePathStyle: true });
    const body = 'raw submission evidence';
    await s3.send(new PutObjectCommand({ Bucket: engine.resources.evidenceBucket, Key: 'test/evidence.txt', Body: body }));
    const object = await s3.send(new GetObjectCommand({ Bucket: engine.resources.evidenceBucket, Key: 'test/evidence.txt' }));
    expect(await object.Body!.transformToString()).toBe(body);
  });

  it('shows a message sent through SES v2 in the outbox', async () => {
    const ses = new SESv2Client(localClientConfig(engine.endpoints.ses));
    const subject = `Note verbale ${Date.now()}`;
    const sent = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'codification@un.example.org',
        Destination: { ToAddresses: ['mission@fra.example.org'] },
        Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'The Secretary-General presents his compliments' } } } },
      }),
    );
    expect(sent.MessageId).toBeTruthy();
    const outbox = await readOutbox(engine.endpoints.ses);
    expect(outbox.find((message) => message.subject === subject)?.destination.to).toEqual(['mission@fra.example.org']);
  });

  it('runs a state machine whose Task calls a registered function', async () => {
    const sfn = new SFNClient(localClientConfig(engine.endpoints.stepfunctions));
    const definition = substitute(
      JSON.stringify({
        StartAt: 'CheckHealth',
        States: {
          CheckHealth: { Type: 'Task', Resource: `\${${functionArnPlaceholder(functionRegistry.health)}}`, ResultPath: '$.health', Next: 'Healthy?' },
          'Healthy?': { Type: 'Choice', Choices: [{ Variable: '$.health.status', StringEquals: 'ok', Next: 'Done' }], Default: 'Unhealthy' },
          Done: { Type: 'Succeed' },
          Unhealthy: { Type: 'Fail', Error: 'Unhealthy' },
        },
      }),
      workflowSubstitutions((spec) => engine.functions.arnOf(spec)),
    );
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'engine-test', definition, roleArn: 'arn:aws:iam::000000000000:role/local' }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'engine-test-1', input: '{"cycle":"77/108"}' }));
    let execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    for (const deadline = Date.now() + 60_000; execution.status === 'RUNNING' && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    }
    expect(execution.status).toBe('SUCCEEDED');
    const output = JSON.parse(execution.output!) as { cycle: string; health: { status: string; checks: { name: string; ok: boolean }[] } };
    expect(output.cycle).toBe('77/108');
    expect(output.health.status).toBe('ok');
    expect(output.health.checks.map((check) => check.name)).toEqual(['table', 'evidenceBucket']);
  });

  it('delivers an SMTP message to the inbound function, which records it once', async () => {
    const deliveries: InboundDelivery[] = [];
    engine.onInboundDelivery((delivery) => deliveries.push(delivery));
    const transport = createTransport({ host: '127.0.0.1', port: portOf(engine.endpoints.smtp), secure: false, ignoreTLS: true });
    const message = {
      from: 'Mission of France <mission@fra.example.org>',
      to: engine.resources.reportingAddress,
      subject: 'Report under paragraph 11 (a)',
      text: 'The Permanent Mission of France presents its compliments ...',
      messageId: '<report-1@fra.example.org>',
      attachments: [{ filename: 'note.txt', content: 'note verbale' }],
    };
    // The second is a redelivery of a message already handled: sent once the first has been.
    const delivered = (count: number) => eventually(async () => (deliveries.length >= count ? true : undefined), `${count} deliveries`, 60_000);
    await transport.sendMail(message);
    await delivered(1);
    await transport.sendMail(message);
    await delivered(2);
    transport.close();

    expect(deliveries.map((delivery) => delivery.outcome)).toEqual(['success', 'success']);
    expect(deliveries.map((delivery) => (delivery.result as { outcome: string }[])[0]!.outcome)).toEqual(['recorded', 'duplicate']);
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(engine.endpoints.dynamodb)));
    const { Item } = await documents.send(
      new GetCommand({ TableName: engine.resources.tableName, Key: { pk: 'EMAIL#message-id:report-1@fra.example.org', sk: 'EMAIL' } }),
    );
    expect(Item).toMatchObject({
      fromAddress: 'mission@fra.example.org',
      subject: 'Report under paragraph 11 (a)',
      verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', virus: 'PASS', spam: 'PASS' },
      attachments: [{ filename: 'note.txt', contentType: 'text/plain', size: 12 }],
    });
  });

  it('refuses mail for any other address at RCPT TO', async () => {
    const transport = createTransport({ host: '127.0.0.1', port: portOf(engine.endpoints.smtp), secure: false, ignoreTLS: true });
    await expect(transport.sendMail({ from: 'a@fra.example.org', to: 'someone-else@un.example.org', text: 'x' })).rejects.toThrow(/550/);
    transport.close();
  });

  it('stops every stand-in and leaves no port open', async () => {
    const ports = Object.entries(engine.endpoints)
      .filter(([service]) => service !== 'outbox')
      .map(([, url]) => portOf(url));
    await engine.stop();
    for (const port of ports) expect(await refusesConnections(port)).toBe(true);
    const servers = process.getActiveResourcesInfo().filter((resource) => resource === 'TCPServerWrap');
    expect(servers).toEqual([]);
  });
});
