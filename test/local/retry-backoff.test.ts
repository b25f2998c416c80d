/**
 * The SDK clients' back-off before a retry, scaled as the engine's clock is: against a server that
 * throttles twice and then answers, the functions' DynamoDB client waits 1.5 s at real time and
 * a sixtieth of that at the engine's largest retry scale, with the same three attempts.
 */
import { createServer, type Server } from 'node:http';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { dynamoDocumentClient } from '../../functions/aws/clients.ts';
import { setRetryBackoffScale } from '../../functions/runtime/clock.ts';
import { localCredentials, localRegion } from '../../local/aws-config.ts';
import { close, listen } from '../../local/net.ts';
import { retryScaleLimit } from '../../local/stepfunctions/definition.ts';

let server: Server;
let requests = 0;

beforeAll(async () => {
  // Every third request is answered; the two before it are throttled, as DynamoDB throttles.
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests += 1;
      if (requests % 3 !== 0) {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(
          JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end('{}');
    });
  });
  const url = await listen(server, 0);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', url);
  vi.stubEnv('AWS_REGION', localRegion);
  vi.stubEnv('AWS_ACCESS_KEY_ID', localCredentials.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', localCredentials.secretAccessKey);
  // Half the largest jitter every time: the back-off for throttling is then 0.5 s, then 1 s.
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
});

afterEach(() => setRetryBackoffScale(undefined));

afterAll(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await close(server);
});

async function timedGet(): Promise<{ millis: number; attempts: number | undefined }> {
  const started = performance.now();
  const output = await dynamoDocumentClient().send(new GetCommand({ TableName: 'mpr', Key: { pk: 'a', sk: 'b' } }));
  return { millis: performance.now() - started, attempts: output.$metadata.attempts };
}

it('backs off in real time on AWS', async () => {
  const { millis, attempts } = await timedGet();
  expect(attempts).toBe(3);
  expect(millis).toBeGreaterThanOrEqual(1_450);
});

it('backs off as many times faster as the engine scales its retriers', async () => {
  setRetryBackoffScale(retryScaleLimit);
  const { millis, attempts } = await timedGet();
  expect(attempts).toBe(3);
  // 1.5 s of back-off at real time, 25 ms at ×60; the bound leaves room for a busy machine.
  expect(millis).toBeLessThan(750);
});

it('refuses a scale below real time', () => {
  expect(() => setRetryBackoffScale(0.5)).toThrow(/at least 1/);
});
