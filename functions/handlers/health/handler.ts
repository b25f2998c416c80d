/**
 * GET /v1/health, and a pre-flight Task for workflows: does the system reach its table and its
 * evidence bucket with this function's own permissions?
 */

import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dynamoDocumentClient, s3 } from '../../aws/clients.ts';
import { type HealthCheck, type HealthReport, summarizeHealth } from '../../core/health.ts';
import { type HttpResult, json } from '../../runtime/http.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { health as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);

async function timed(name: string, probe: () => Promise<unknown>): Promise<HealthCheck> {
  const started = performance.now();
  try {
    await probe();
    return { name, ok: true, millis: Math.round(performance.now() - started) };
  } catch (error) {
    return { name, ok: false, millis: Math.round(performance.now() - started), error: error instanceof Error ? error.name : 'Error' };
  }
}

async function checkHealth(): Promise<HealthReport> {
  const checks = await Promise.all([
    timed('table', () => dynamoDocumentClient().send(new GetCommand({ TableName: env.TABLE_NAME, Key: { pk: 'HEALTH', sk: 'HEALTH' } }))),
    timed('evidenceBucket', () => s3(env).send(new HeadBucketCommand({ Bucket: env.EVIDENCE_BUCKET }))),
  ]);
  return summarizeHealth(checks, new Date());
}

function isHttpEvent(event: unknown): event is APIGatewayProxyEventV2 {
  return typeof event === 'object' && event !== null && 'requestContext' in event && 'rawPath' in event;
}

export const handler = middy<unknown, HttpResult | HealthReport>()
  .use(observed.middlewares)
  .handler(async (event) => {
    const report = await checkHealth();
    return isHttpEvent(event) ? json(report.status === 'ok' ? 200 : 503, report) : report;
  });
