/**
 * cognito-local, assembled in-process from its own services rather than through
 * `createDefaultServer`, because the defaults get in the way:
 *
 * - they make every pool sign users in by e-mail (`UsernameAttributes: ['email']`), so
 *   AdminCreateUser refuses a plain username ("Username should be an email") and the next
 *   AdminSetUserPassword answers UserNotFound. In that mode users are stored under their `sub`,
 *   and AdminListGroupsForUser by e-mail lists no groups. Pools here take usernames unless their
 *   CreateUserPool asks for e-mail.
 * - they keep data in `./.cognito` under the working directory, take the port from `PORT`, stamp
 *   `http://localhost:9229` into every token's `iss`, and load the retired AWS SDK v2 (which
 *   prints its end-of-support notice) only to call Lambda triggers, which the project does not use.
 *
 * Sign-out, and the refusal of disabled users, are added around its router (./sessions.ts).
 *
 * Two more quirks are handled in front of its Express application:
 *
 * - its data store rewrites a pool's whole JSON file on every change without waiting for the
 *   previous rewrite, which Node documents as unsafe for `fs.writeFile` (the file can end up stale
 *   or torn), and some operations write more than once with file I/O in between (AdminDeleteUser
 *   deletes the user, then rewrites each group). Requests are therefore served one at a time; each
 *   is in-memory work of a millisecond or two.
 * - its OpenID discovery document names `localhost:9229` whatever the port, so a correct one is
 *   served here.
 */
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { DefaultConfig } from 'cognito-local/lib/server/config.js';
import { Router } from 'cognito-local/lib/server/Router.js';
import { createServer } from 'cognito-local/lib/server/server.js';
import { CognitoServiceFactoryImpl } from 'cognito-local/lib/services/cognitoService.js';
import { StormDBDataStoreFactory } from 'cognito-local/lib/services/dataStore/stormDb.js';
import { DateClock, MessagesService, type Services, type Triggers } from 'cognito-local/lib/services/index.js';
import { ConsoleMessageSender } from 'cognito-local/lib/services/messageDelivery/consoleMessageSender.js';
import { MessageDeliveryService } from 'cognito-local/lib/services/messageDelivery/messageDelivery.js';
import { otp } from 'cognito-local/lib/services/otp.js';
import { JwtTokenGenerator } from 'cognito-local/lib/services/tokenGenerator.js';
import { UserPoolServiceFactoryImpl } from 'cognito-local/lib/services/userPoolService.js';
import { close, listen } from '../net.ts';
import { authFlows } from './auth-flows.ts';
import { withSessions } from './sessions.ts';

type Logger = Parameters<typeof createServer>[1];

/** The `kid` cognito-local puts on every token it signs (one key pair, shipped in the package). */
export const cognitoLocalKeyId = 'CognitoLocal';

/** A message the pool "sent" (a forgot-password code, say): printed on the console, and kept here for tests. */
export interface DeliveredMessage {
  readonly username: string;
  readonly destination: string;
  readonly code: string | undefined;
}

export interface CognitoLocalServer {
  readonly url: string;
  /** The messages delivered so far, oldest first. */
  readonly delivered: readonly DeliveredMessage[];
  /** Marks a user as one of whom MFA is required (./mfa-setup.ts). */
  requireMfa(userPoolId: string, username: string): Promise<void>;
  stop(): Promise<void>;
}

/** cognito-local's console sender, which also keeps what it delivered (Cognito would e-mail it). */
class RecordingMessageSender extends ConsoleMessageSender {
  readonly delivered: DeliveredMessage[] = [];
  override sendEmail(...[ctx, user, destination, message]: Parameters<ConsoleMessageSender['sendEmail']>): Promise<void> {
    this.delivered.push({ username: user.Username, destination, code: (message as { __code?: string }).__code });
    return super.sendEmail(ctx, user, destination, message);
  }
}

// cognito-local logs through pino; take the copy it depends on rather than a second one.
const pino = createRequire(import.meta.resolve('cognito-local'))('pino') as (options: { level: string }) => Logger;

const triggerNotConfigured = () => Promise.reject(new Error('Cognito Lambda triggers are not part of the local engine'));

/** No trigger is configured: cognito-local asks `enabled` before it calls any of them. */
const noTriggers: Triggers = {
  enabled: () => false,
  customMessage: triggerNotConfigured,
  customEmailSender: triggerNotConfigured,
  postAuthentication: triggerNotConfigured,
  postConfirmation: triggerNotConfigured,
  preSignUp: triggerNotConfigured,
  preTokenGeneration: triggerNotConfigured,
  userMigration: triggerNotConfigured,
};

export async function startCognitoLocal(options: { port: number; host?: string; dataDir: string }): Promise<CognitoLocalServer> {
  const logger = pino({ level: 'silent' });
  const ctx = { logger };
  const clock = new DateClock();
  const userPoolDefaults = {};
  const dataStores = new StormDBDataStoreFactory(options.dataDir);
  const cognito = await new CognitoServiceFactoryImpl(options.dataDir, dataStores, new UserPoolServiceFactoryImpl(clock, dataStores)).create(
    ctx,
    userPoolDefaults,
  );
  // The issuer depends on the port, known only once listening: the token generator keeps this
  // object and reads IssuerDomain each time it signs.
  const tokenConfig = { IssuerDomain: '' };
  const sender = new RecordingMessageSender();
  const services: Services = {
    clock,
    cognito,
    config: { ...DefaultConfig, UserPoolDefaults: userPoolDefaults, TokenConfig: tokenConfig },
    messages: new MessagesService(noTriggers, new MessageDeliveryService(sender)),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, noTriggers, tokenConfig),
    triggers: noTriggers,
  };
  // Sessions (./sessions.ts) wrap every operation: sign-out, disabled users, revoked tokens.
  const router = withSessions(Router(services), services);
  const application = createServer(router, logger, { https: false }, services).application as RequestListener;
  // InitiateAuth and RespondToAuthChallenge go through the SRP stand-in (./auth-flows.ts), which
  // hands every step it does not serve itself to the same session-checked operations.
  const signIn = authFlows(services, logger, router);

  let baseUrl = '';
  let previous: Promise<void> = Promise.resolve();
  const serveInTurn = (request: IncomingMessage, response: ServerResponse) => {
    // Listen for the end now: a client that gives up while queued must not stall the queue.
    let closed = false;
    const finished = new Promise<void>((done) =>
      response.once('close', () => {
        closed = true;
        done();
      }),
    );
    previous = previous.then(() => {
      if (!closed && !serveDiscovery(request, response, baseUrl) && !signIn.serve(request, response)) application(request, response);
      return finished;
    });
  };
  const server = createHttpServer(serveInTurn);
  baseUrl = await listen(server, options.port, options.host);
  tokenConfig.IssuerDomain = baseUrl;

  return {
    url: baseUrl,
    delivered: sender.delivered,
    requireMfa: signIn.requireMfa,
    async stop() {
      // Let a request that is writing its data file finish before the sockets are cut.
      await previous;
      await close(server);
    },
  };
}

function serveDiscovery(request: IncomingMessage, response: ServerResponse, baseUrl: string): boolean {
  const match = /^\/([^/?]+)\/\.well-known\/openid-configuration(?:\?.*)?$/.exec(request.url ?? '');
  if (request.method !== 'GET' || !match) return false;
  const issuer = `${baseUrl}/${match[1]}`;
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] }));
  return true;
}
