/**
 * The local engine: every AWS service the system uses, stood in for on this machine, with the
 * real handlers and workflow definitions wired to them exactly as the CDK stack wires them.
 */

import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bucketDesigns, evidenceUploadCors, inboundEmailPrefix, localTableName } from '../functions/aws/data-design.ts';
import type { ServedFileBuilder } from '../functions/handlers/served-file.ts';
import { allFunctions } from '../functions/registry.ts';
import { setRetryBackoffScale, setTimeSource } from '../functions/runtime/clock.ts';
import type { EnvironmentValues } from '../functions/runtime/environment.ts';
import { loadEnvironment } from '../functions/runtime/load-environment.ts';
import { projectSettings } from '../infra/settings.ts';
import { substitute, workflowDefinitions, workflowSubstitutions } from '../workflows/index.ts';
import { startApi } from './api.ts';
import { localAccountId, localClientConfig, localCredentials, localRegion } from './aws-config.ts';
import { createEngineClock, type EngineClock } from './clock.ts';
import { startCognito } from './cognito/index.ts';
import { createJwtAuthorizer } from './cognito/jwt-authorizer.ts';
import { startDynamoDb } from './dynamodb.ts';
import {
  awsFaults,
  type FaultCounts,
  type FaultOptions,
  FaultPlan,
  type InjectedFault,
  LambdaServiceError,
  lambdaInvocationFaults,
  type ProxiedRequest,
  sesFailingForRecipient,
  sesThrottled,
  startFaultProxy,
} from './faults.ts';
import { LocalFunctions } from './functions.ts';
import { defaultPorts, type Service } from './ports.ts';
import { projectRoot } from './project-root.ts';
import { startS3 } from './s3.ts';
import { presignedRequestRefusal } from './s3-signatures.ts';
import { startScheduler } from './scheduler.ts';
import { type DemoSignIn, seedLocalData } from './seed.ts';
import { isSendRequest, journaledSince, sendRequestOf, sentMailJournal, startSes } from './ses.ts';
import { type SesEventSimulator, startSesEventSimulator } from './ses-events.ts';
import { type InboundDelivery, startSmtpInbound } from './smtp-inbound.ts';
import { retryScaleLimit } from './stepfunctions/definition.ts';
import { type StepFunctionsEvent, startStepFunctions } from './stepfunctions/index.ts';

export interface EngineOptions {
  /** Port per service; 0 picks a free port. Defaults: `defaultPorts`. */
  readonly ports?: Partial<Record<Service, number>>;
  /** Keep data here between runs (DynamoDB, S3, Cognito); in memory or temporary when absent. */
  readonly dataDir?: string;
  /** How many times faster than real time workflow Wait states pass. */
  readonly timeScale?: number;
  /** Seed the States registry, the cycles, the sample status tables and the demo users (default true). */
  readonly seed?: boolean;
  /** Leave out the sample treaty status tables from the seed (tests that import their own). */
  readonly withoutSampleInstruments?: boolean;
  /** Override of the SES send rate of cdk.json (messages per second), e.g. for benchmarks. */
  readonly sesMaxSendRate?: number;
  /** Minutes before the sweep releases an uncertain send no SES event settled (`mpr:unsettledSendWindowMinutes`). */
  readonly unsettledSendWindowMinutes?: number;
  /** Fault injection (see local/faults.ts): what fraction of which calls fail, and the seed. */
  readonly faults?: FaultOptions;
  /**
   * The origin secret (functions/runtime/origin-check.ts): when set, the API refuses a request
   * without it in `x-origin-verify`, as the deployed API refuses one that did not come through
   * CloudFront. Unset by default: the engine's API address stands for CloudFront's, and its
   * clients (the CLI, the form, the tests) call it as viewers call CloudFront.
   */
  readonly originSecret?: string;
}

export interface Endpoints {
  readonly api: string;
  readonly dynamodb: string;
  readonly s3: string;
  readonly ses: string;
  readonly outbox: string;
  readonly cognito: string;
  readonly stepfunctions: string;
  readonly smtp: string;
}

export interface EngineResources {
  readonly region: string;
  readonly accountId: string;
  readonly tableName: string;
  readonly evidenceBucket: string;
  /** Where the SMTP stand-in stores raw inbound messages, as SES's receipt rule does. */
  readonly inboundMailBucket: string;
  readonly reportingAddress: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly issuer: string;
  readonly stateMachines: Record<string, string>;
}

export interface Engine {
  readonly endpoints: Endpoints;
  readonly resources: EngineResources;
  /** The demo users a person can sign in to the portal with (none when not seeded). */
  readonly demoSignIns: readonly DemoSignIn[];
  readonly functions: LocalFunctions;
  readonly clock: EngineClock;
  /** Issues a token for a user of the focal-point pool (creating the user when asked by State and role). */
  readonly cognito: Awaited<ReturnType<typeof startCognito>>;
  /** Every history event of every execution, as it is written (for counting state transitions). */
  readonly workflowEvents: EventEmitter<{ event: [StepFunctionsEvent] }>;
  /**
   * Fault injection that fails a workflow outright: while set, every Step Functions invocation of
   * the named functions is refused before it runs (Lambda.ServiceException), retries included;
   * `refuseTasks([])` ends it.
   */
  refuseTasks(functionNames: readonly string[]): void;
  /** How many faults were injected so far: SES throttling alone, and every kind as `<service>:<error>`. */
  readonly faultsInjected: { sesThrottled(): number; counts(): FaultCounts };
  /** SES's sending events (simulator bounces and complaints): `settle()` waits for those due so far. */
  readonly sesEvents: SesEventSimulator;
  /** Called after the inbound function has run for each received message. */
  onInboundDelivery(listener: (delivery: InboundDelivery) => void): void;
  stop(): Promise<void>;
}

/**
 * Points every SDK client in this process at the stand-ins, through the SDK's own variables.
 * Returns what puts the variables back as they were, for when the engine stops: a process that
 * goes on (a test worker running the next file) is left as the engine found it.
 */
function configureSdkEnvironment(endpoints: Endpoints, values: EnvironmentValues): () => void {
  const variables: Record<string, string> = {
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_SFN: endpoints.stepfunctions,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito,
    // Metrics (EMF documents, one line per note sent) are CloudWatch's to read, not the
    // console's (functions/runtime/emf.ts); warnings and errors are still printed (log.ts).
    METRICS_DISABLED: 'true',
    LOG_LEVEL: 'WARN',
    ...values,
  };
  const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

export async function startEngine(options: EngineOptions = {}): Promise<Engine> {
  const ports = { ...defaultPorts, ...options.ports };
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) await Promise.all(['dynamodb', 's3', 'cognito', 'ses'].map((name) => mkdir(join(dataDir, name), { recursive: true })));
  const clock = createEngineClock({ timeScale: options.timeScale ?? 1 });
  // Every function this engine runs reads the procedure's time from the engine clock.
  setTimeSource(() => clock.now());
  // The functions' SDK clients back off as much faster as the workflows' retriers wait.
  setRetryBackoffScale(Math.min(clock.timeScale, retryScaleLimit));
  const functions = new LocalFunctions(projectRoot);
  const stops: (() => Promise<void>)[] = [
    async () => {
      setTimeSource(undefined);
      setRetryBackoffScale(undefined);
    },
  ];
  const deliveryListeners: ((delivery: InboundDelivery) => void)[] = [];
  const faultCounts: FaultCounts = {};
  const faults = options.faults ?? {};
  const faultSeed = faults.seed ?? 1;
  const plan = <Fault extends { readonly name: string }>(service: string, rate: number | undefined, list: readonly Fault[], offset: number) =>
    new FaultPlan<Fault>({ service, rate: rate ?? 0, faults: list, seed: faultSeed + offset, counts: faultCounts });
  if (faults.crashAfterSideEffects) functions.crashAfterSideEffects(plan('lambda', faults.crashAfterSideEffects, [{ name: 'Runtime.ExitError' }], 5));
  const taskInvocationFaults = plan('states', faults.taskInvocations, lambdaInvocationFaults, 4);
  let refusedTasks: ReadonlySet<string> = new Set<string>();
  const workflowEvents = new EventEmitter<{ event: [StepFunctionsEvent] }>();

  try {
    const settings = projectSettings();
    // The independent stand-ins start together; if one fails, those that started are stopped.
    const [dynamodb, s3, ses, cognito] = await startTogether(stops, [
      startDynamoDb({ port: ports.dynamodb, tableName: localTableName, ...(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {}) }),
      // On a free port: the engine's S3 port is the signature-checking proxy's (below).
      startS3({ port: 0, ...(dataDir ? { dataDir: join(dataDir, 's3') } : {}) }),
      startSes({ port: ports.ses }),
      startCognito({ port: ports.cognito, ...(dataDir ? { dataDir: join(dataDir, 'cognito') } : {}) }),
    ] as const);
    // Stopped in reverse order: this runs after the workflows and servers have stopped, and before
    // the data stand-ins go, so that no function still running meets a closed table.
    stops.push(() => functions.drain());

    // The files functions serve (the portal's script, the OpenAPI document), built beside their handlers.
    await buildServedFiles();

    const substitutions = workflowSubstitutions((spec) => functions.arnOf(spec));
    const stepfunctions = await startStepFunctions({
      port: ports.stepfunctions,
      clock,
      region: localRegion,
      accountId: localAccountId,
      invokeFunction: async (arnOrName, payload) => {
        const spec = functions.resolve(arnOrName);
        if (refusedTasks.has(spec.name)) {
          faultCounts['states:refused'] = (faultCounts['states:refused'] ?? 0) + 1;
          throw new LambdaServiceError('Lambda.ServiceException');
        }
        const refused = taskInvocationFaults.draw();
        if (refused) throw new LambdaServiceError(refused.name);
        return functions.invoke(spec, payload);
      },
      stateMachines: workflowDefinitions().map((workflow) => ({ name: `mpr-${workflow.name}`, definition: substitute(workflow.template, substitutions) })),
      onEvent: (event) => workflowEvents.emit('event', event),
    });
    stops.push(stepfunctions.stop);

    // The functions reach a stand-in through a proxy when faults are asked for (it fails some of
    // their calls), and reach SES through one that journals each send when there is a data
    // directory (SES's outbox lives in memory; the journal survives the engine).
    const proxied = async (
      target: string,
      options: {
        plan?: FaultPlan<InjectedFault>;
        applies?: (method: string, path: string) => boolean;
        record?: (request: ProxiedRequest) => void;
        answered?: (request: ProxiedRequest, answer: { readonly status: number; readonly body: Buffer }) => void;
        answers?: (method: string, path: string) => boolean;
        failsRequest?: (request: ProxiedRequest) => InjectedFault | undefined;
        refuses?: (incoming: IncomingMessage) => InjectedFault | undefined;
        port?: number;
      },
    ): Promise<string> => {
      const proxy = await startFaultProxy({ target, ...options });
      stops.push(proxy.stop);
      return proxy.url;
    };
    // The engine's S3, the one the functions name and their presigned URLs lead browsers to,
    // checks a presigned request's signature as S3 does (s3rver does not: local/s3-signatures.ts).
    const checkSignature = (incoming: IncomingMessage) => presignedRequestRefusal(incoming, localCredentials);
    const signatureCheckingS3 = await proxied(s3.url, { refuses: checkSignature, port: ports.s3 });
    const partial = {
      dynamodb: dynamodb.url,
      s3: signatureCheckingS3,
      ses: ses.url,
      outbox: `${ses.url}/`,
      cognito: cognito.url,
      stepfunctions: stepfunctions.url,
    };
    const isSend = isSendRequest;
    // SES's sending events: each message the stand-in accepts, as the proxy in front of it sees
    // its answer, gets a Send event (local/ses-events.ts).
    const sesEvents = startSesEventSimulator({ functions, configurationSet: localConfigurationSet });
    stops.push(sesEvents.stop);
    const acceptingSes = await proxied(ses.url, {
      answers: isSendRequest,
      answered: (request, answer) => {
        if (answer.status !== 200) return;
        const { from, to, tags } = sendRequestOf(request.body);
        const { MessageId } = JSON.parse(answer.body.toString('utf8')) as { MessageId?: string };
        if (MessageId) sesEvents.accepted({ messageId: MessageId, ...(from ? { from } : {}), destination: to, tags, at: new Date().toISOString() });
      },
    });
    const journaledSes = dataDir ? await proxied(acceptingSes, { record: sentMailJournal(sentMailJournalPath(dataDir)) }) : acceptingSes;
    // A recipient SES fails every send to (counted as `ses:<error>` with the other faults).
    const failing = new Set((faults.sesFailingRecipients ?? []).map((address) => address.toLowerCase()));
    const failingSes = async (target: string) =>
      failing.size === 0
        ? target
        : proxied(target, {
            failsRequest: (request) => {
              if (!isSend(request.method, request.path) || !sendRequestOf(request.body).to.some((to) => failing.has(to.toLowerCase()))) return undefined;
              const key = `ses:${sesFailingForRecipient.name}`;
              faultCounts[key] = (faultCounts[key] ?? 0) + 1;
              return sesFailingForRecipient;
            },
          });
    const sesPlan = faults.ses
      ? plan('ses', faults.ses, awsFaults.ses, 3)
      : faults.sesThrottleRate
        ? plan('ses', faults.sesThrottleRate, [sesThrottled], 3)
        : undefined;
    const functionsUrls = {
      dynamodb: faults.dynamodb ? await proxied(dynamodb.url, { plan: plan('dynamodb', faults.dynamodb, awsFaults.dynamodb, 1) }) : dynamodb.url,
      // With faults, one proxy checks a presigned request's signature (against its own host, the
      // one the functions signed for) and then fails a share of the calls.
      s3: faults.s3 ? await proxied(s3.url, { refuses: checkSignature, plan: plan('s3', faults.s3, awsFaults.s3, 2) }) : signatureCheckingS3,
      ses: await failingSes(sesPlan ? await proxied(journaledSes, { plan: sesPlan, applies: isSend }) : journaledSes),
    };

    const authorizer = createJwtAuthorizer({ issuer: cognito.issuer, audiences: [cognito.clientId], jwksUrl: cognito.jwksUrl });
    const api = await startApi({ port: ports.api, functions, authorize: (header) => authorizer(header) });
    stops.push(api.stop);

    await allowUploadsFrom(api.url, s3.url);

    // Handlers read their environment when first invoked, after this point.
    const values: EnvironmentValues = {
      TABLE_NAME: localTableName,
      EVIDENCE_BUCKET: bucketDesigns.evidence.localName,
      INBOUND_EMAIL_BUCKET: bucketDesigns.inboundMail.localName,
      INBOUND_EMAIL_PREFIX: inboundEmailPrefix,
      S3_FORCE_PATH_STYLE: 'true',
      // Every service is reached at its stand-in (AWS_ENDPOINT_URL_<SERVICE>), so no name is formed with it.
      DNS_SUFFIX: 'amazonaws.com',
      CIRCULATION_STATE_MACHINE_ARN: localStateMachineArn('circulation'),
      REMINDER_STATE_MACHINE_ARN: localStateMachineArn('reminder'),
      WITHDRAWAL_STATE_MACHINE_ARN: localStateMachineArn('withdrawal'),
      RESEND_STATE_MACHINE_ARN: localStateMachineArn('resend'),
      SENDER_ADDRESS: settings['mpr:senderAddress'],
      REPORTING_ADDRESS: settings['mpr:reportingAddress'],
      SECRETARIAT_ADDRESS: settings['mpr:secretariatAddress'],
      SES_CONFIGURATION_SET: localConfigurationSet,
      SES_MAX_SEND_RATE: String(options.sesMaxSendRate ?? settings['mpr:sesMaxSendRate']),
      DISPATCH_CONCURRENCY: String(settings['mpr:dispatchConcurrency']),
      UNSETTLED_SEND_WINDOW_MINUTES: String(options.unsettledSendWindowMinutes ?? settings['mpr:unsettledSendWindowMinutes']),
      USER_POOL_ID: cognito.userPoolId,
      USER_POOL_CLIENT_ID: cognito.clientId,
      COGNITO_ENDPOINT: `${cognito.url}/`,
      SUBMISSION_FORM_URL: `${api.url}/v1/form`,
      ORIGIN_VERIFY: options.originSecret ?? '',
    };
    // Fail at start, not at first call, when a function's environment rules reject the values.
    for (const spec of allFunctions) loadEnvironment(spec, values);

    const restoreEnvironment = configureSdkEnvironment({ ...partial, ...functionsUrls, api: api.url, smtp: '' }, values);
    // Put back last, once nothing of this engine runs any more.
    stops.unshift(async () => restoreEnvironment());
    // SES publishes the events of what it accepted whatever became of the sender: the sends of
    // the last day an engine on this data directory journaled are published again, before the
    // sweep of uncertain sends may run.
    if (dataDir) await sesEvents.replay(journaledSince(sentMailJournalPath(dataDir), Date.now() - replayedJournalMillis));
    stops.push(startScheduler({ clock, functions }).stop);

    const address = settings['mpr:reportingAddress'];
    const smtp = await startSmtpInbound({
      port: ports.smtp,
      s3Url: s3.url,
      bucket: values.INBOUND_EMAIL_BUCKET,
      recipients: [address],
      functions,
      onDelivery: (delivery) => deliveryListeners.forEach((listener) => listener(delivery)),
    });
    stops.push(smtp.stop);

    let demoSignIns: DemoSignIn[] = [];
    if (options.seed ?? true) {
      const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(dynamodb.url)));
      try {
        demoSignIns = await seedLocalData({
          cognito,
          table: { client: documents, tableName: values.TABLE_NAME },
          sampleInstruments: !options.withoutSampleInstruments,
        });
      } finally {
        documents.destroy();
      }
    }

    // SES's clients (the CLI's, the tests') send through the proxy that publishes the Send events.
    const endpoints: Endpoints = { ...partial, ses: acceptingSes, api: api.url, smtp: smtp.url };
    const resources: EngineResources = {
      region: localRegion,
      accountId: localAccountId,
      tableName: values.TABLE_NAME,
      evidenceBucket: values.EVIDENCE_BUCKET,
      inboundMailBucket: values.INBOUND_EMAIL_BUCKET,
      reportingAddress: address,
      userPoolId: cognito.userPoolId,
      userPoolClientId: cognito.clientId,
      issuer: cognito.issuer,
      stateMachines: Object.fromEntries(workflowDefinitions().map((workflow) => [workflow.name, localStateMachineArn(workflow.name)])),
    };
    return {
      endpoints,
      resources,
      demoSignIns,
      functions,
      clock,
      cognito,
      sesEvents,
      workflowEvents,
      refuseTasks: (functionNames) => {
        refusedTasks = new Set(functionNames);
      },
      faultsInjected: { sesThrottled: () => faultCounts['ses:TooManyRequestsException'] ?? 0, counts: () => ({ ...faultCounts }) },
      onInboundDelivery: (listener) => deliveryListeners.push(listener),
      stop: () => stopAll(stops),
    };
  } catch (error) {
    await stopAll(stops);
    throw error;
  }
}

async function startTogether<T extends readonly Promise<{ stop(): Promise<void> }>[]>(
  stops: (() => Promise<void>)[],
  starting: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(starting);
  for (const result of settled) if (result.status === 'fulfilled') stops.push(result.value.stop);
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/** The bucket's CORS rule for the submission form's attachment uploads, as the stack sets it. */
async function allowUploadsFrom(origin: string, s3Url: string): Promise<void> {
  const client = new S3Client({ ...localClientConfig(s3Url), forcePathStyle: true });
  try {
    await client.send(
      new PutBucketCorsCommand({
        Bucket: bucketDesigns.evidence.localName,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: [origin],
              AllowedMethods: [...evidenceUploadCors.allowedMethods],
              AllowedHeaders: [...evidenceUploadCors.allowedHeaders],
              MaxAgeSeconds: evidenceUploadCors.maxAgeSeconds,
            },
          ],
        },
      }),
    );
  } finally {
    client.destroy();
  }
}

/** The ARN the local Step Functions gives the state machine of `workflows/<name>.asl.json`. */
function localStateMachineArn(name: string): string {
  return `arn:aws:states:${localRegion}:${localAccountId}:stateMachine:mpr-${name}`;
}

/** The stand-in has no configuration sets; the name is passed as on AWS and recorded with each message. */
const localConfigurationSet = 'mpr-local';
/** How far back the journal's sends have their Send events published again at start. */
const replayedJournalMillis = 24 * 3600_000;

/** Builds the files registry functions serve (the portal's script, the OpenAPI document) next to their handlers, as the CDK stack builds them into the assets. */
async function buildServedFiles(): Promise<void> {
  await Promise.all(
    allFunctions.flatMap((spec) => {
      const served = spec.servedFile;
      if (!served) return [];
      return [
        (import(pathToFileURL(join(projectRoot, served.builder)).href) as Promise<ServedFileBuilder>).then((builder) =>
          builder.buildServedFile(join(projectRoot, dirname(spec.entry), served.file)),
        ),
      ];
    }),
  );
}

/** Stops in reverse order of start, so nothing calls a stand-in that is already gone. */
async function stopAll(stops: (() => Promise<void>)[]): Promise<void> {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  stops.length = 0;
}

/** Where an engine with a data directory journals the mail it sends (see `readSentMailJournal`). */
export function sentMailJournalPath(dataDir: string): string {
  return join(resolve(dataDir), 'ses', 'sent.jsonl');
}
