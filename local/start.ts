/**
 * `npm start`: runs the whole system on this machine until Ctrl-C.
 *
 * Settings (environment): MPR_PORT_<SERVICE> per port, MPR_DATA_DIR to keep data between runs,
 * MPR_TIME_SCALE to speed up workflow waits (e.g. 86400: a day a second), MPR_LOCAL_DIR for
 * where endpoints.json is written (default .local/), MPR_SES_MAX_SEND_RATE to override the send
 * rate of cdk.json (messages per second).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { endpointsFile, formatEndpointTable, localStateDirectory } from './endpoints-file.ts';
import { startEngine } from './engine.ts';
import { portsFromEnvironment } from './ports.ts';
import { projectRoot } from './project-root.ts';

const timeScale = Number(process.env['MPR_TIME_SCALE'] ?? '1');
if (!Number.isFinite(timeScale) || timeScale <= 0) throw new Error(`MPR_TIME_SCALE must be a positive number, not ${process.env['MPR_TIME_SCALE']}`);
const dataDir = process.env['MPR_DATA_DIR'] || undefined;
const sendRate = process.env['MPR_SES_MAX_SEND_RATE'] ? Number(process.env['MPR_SES_MAX_SEND_RATE']) : undefined;
if (sendRate !== undefined && !(sendRate > 0)) throw new Error(`MPR_SES_MAX_SEND_RATE must be a positive number, not ${process.env['MPR_SES_MAX_SEND_RATE']}`);
const window = process.env['MPR_UNSETTLED_SEND_WINDOW_MINUTES'] ? Number(process.env['MPR_UNSETTLED_SEND_WINDOW_MINUTES']) : undefined;
if (window !== undefined && !(window > 0))
  throw new Error(`MPR_UNSETTLED_SEND_WINDOW_MINUTES must be a positive number, not ${process.env['MPR_UNSETTLED_SEND_WINDOW_MINUTES']}`);

const engine = await startEngine({
  ports: portsFromEnvironment(),
  timeScale,
  ...(dataDir ? { dataDir } : {}),
  ...(sendRate ? { sesMaxSendRate: sendRate } : {}),
  ...(window ? { unsettledSendWindowMinutes: window } : {}),
});
const stateDirectory = localStateDirectory(projectRoot);
await mkdir(stateDirectory, { recursive: true });
const file = endpointsFile(projectRoot);
// performance.now() counts from the process's start, so this includes loading the modules.
const readyMillis = Math.round(performance.now());
await writeFile(
  file,
  `${JSON.stringify({ endpoints: engine.endpoints, resources: engine.resources, pid: process.pid, readyMillis, clock: { origin: engine.clock.origin, timeScale: engine.clock.timeScale } }, null, 2)}\n`,
);

process.stdout.write(`${formatEndpointTable(engine.endpoints)}\n`);
process.stdout.write(
  [
    `Ready in ${readyMillis} ms${dataDir ? `, data kept in ${dataDir}` : ', data in memory'}${timeScale === 1 ? '' : `, workflow clock ×${timeScale}`}.`,
    `Sent mail: ${engine.endpoints.outbox}    Endpoints: ${file}`,
    `Missions' portal: ${engine.endpoints.api}/portal    (sign in with a demo user below)`,
    ...engine.demoSignIns.map(
      (user) =>
        `  ${user.username.padEnd(20)} ${user.password.padEnd(20)} ${[user.state ?? 'Secretariat', user.groups.join(', '), user.temporary ? 'temporary password: the first sign-in sets a new one' : '', user.totpSecret ? `TOTP secret ${user.totpSecret} (add it to an authenticator app)` : '', user.mfaRequired ? 'MFA required: a sign-in without TOTP set up shows a key for an authenticator app' : ''].filter(Boolean).join('; ')}`,
    ),
    `A token for a State's focal point: npx mpr local token --state FRA`,
    'Ctrl-C stops.',
    '',
  ].join('\n'),
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping…\n`);
  // First the file, so that no client starts anything new on a stopping engine.
  await rm(file, { force: true });
  await engine.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
