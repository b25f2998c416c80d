/**
 * What the revocation check (functions/runtime/revoked-tokens.ts) costs each request to the
 * upload API: one strongly consistent GetItem of the caller's revocation record, timed here
 * against the engine's table, beside a whole authorized request (GET /v1/submissions/{reference},
 * which includes the check) for scale.
 *
 *   node bench/revocation.ts
 *
 * BENCH_REVOCATION_ROUNDS lookups and requests (default 300).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RevocationsRepository } from '../functions/aws/revocations-repository.ts';
import { localClientConfig } from '../local/aws-config.ts';
import { startEngine } from '../local/engine.ts';
import { machine, median, percentile, table } from './stats.ts';

const rounds = Number(process.env['BENCH_REVOCATION_ROUNDS'] ?? '300');
const engine = await startEngine({ ports: { api: 0, dynamodb: 0, s3: 0, ses: 0, cognito: 0, stepfunctions: 0, smtp: 0 }, seed: true });
const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(engine.endpoints.dynamodb)));
try {
  const revocations = new RevocationsRepository({ client: documents, tableName: engine.resources.tableName });
  await revocations.record('revoked.bench', 'removed');
  const { idToken } = await engine.cognito.tokenFor({ username: 'focal.fra' });

  const timed = async (work: () => Promise<unknown>): Promise<number[]> => {
    for (let warmUp = 0; warmUp < 20; warmUp += 1) await work();
    const times: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const started = performance.now();
      await work();
      times.push(performance.now() - started);
    }
    return times;
  };
  const absent = await timed(() => revocations.get('focal.fra'));
  const present = await timed(() => revocations.get('revoked.bench'));
  const request = await timed(async () => (await fetch(`${engine.endpoints.api}/v1/submissions`, { headers: { authorization: `Bearer ${idToken}` } })).text());

  console.log(`\nRevocation check per request (${rounds} rounds each, sequential; ${machine()})`);
  const row = (what: string, times: number[]) => [what, median(times).toFixed(2), percentile(times, 95).toFixed(2)];
  console.log(
    table([
      ['measure', 'median ms', 'p95 ms'],
      row('the check: consistent GetItem, no record (an active user)', absent),
      row('the check: consistent GetItem, a record', present),
      row('GET /v1/submissions, check included', request),
    ]),
  );
} finally {
  documents.destroy();
  await engine.stop();
}
