/**
 * SES's sending events, which the SES stand-in does not produce: the engine watches its outbox
 * and, like SES's own mailbox simulator, answers mail to `bounce@simulator.amazonses.com` with a
 * permanent bounce and mail to `complaint@simulator.amazonses.com` with a complaint (a `+label`
 * before the `@` is allowed, so that several test mailboxes can bounce). Each event reaches the
 * registry's `ses-events` functions in the shape EventBridge delivers it.
 */
import { randomUUID } from 'node:crypto';
import { allFunctions } from '../functions/registry.ts';
import { localAccountId, localRegion } from './aws-config.ts';
import type { LocalFunctions } from './functions.ts';
import { type OutboxMessage, readOutbox } from './ses.ts';

const simulator = /^(bounce|complaint)(\+[^@]*)?@simulator\.amazonses\.com$/i;
const pollMillis = 200;
/** Lambda's retries of an asynchronous invocation that failed. */
const asyncRetries = 2;

function eventFor(message: OutboxMessage, recipient: string, kind: 'bounce' | 'complaint', at: string) {
  const mail = {
    messageId: message.messageId,
    timestamp: new Date(message.at * 1000).toISOString(),
    source: message.from,
    destination: message.destination.to,
  };
  const common = { version: '0', id: randomUUID(), source: 'aws.ses', account: localAccountId, time: at, region: localRegion, resources: [] };
  return kind === 'bounce'
    ? {
        ...common,
        'detail-type': 'Email Bounced',
        detail: {
          eventType: 'Bounce',
          mail,
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [{ emailAddress: recipient, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
            timestamp: at,
          },
        },
      }
    : {
        ...common,
        'detail-type': 'Email Complaint Received',
        detail: {
          eventType: 'Complaint',
          mail,
          complaint: { complainedRecipients: [{ emailAddress: recipient }], complaintFeedbackType: 'abuse', timestamp: at },
        },
      };
}

export interface SesEventSimulator {
  /** Resolves once every message sent so far has been looked at (tests wait on it). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export function startSesEventSimulator(options: { sesUrl: string; functions: LocalFunctions }): SesEventSimulator {
  const targets = allFunctions.filter((spec) => spec.triggers.some((trigger) => trigger.kind === 'ses-events'));
  const seen = new Set<string>();
  let since = Math.floor(Date.now() / 1000);
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function poll(): Promise<void> {
    const messages = await readOutbox(options.sesUrl, since);
    for (const message of messages) {
      if (seen.has(message.messageId)) continue;
      seen.add(message.messageId);
      since = Math.max(since, message.at);
      for (const recipient of message.destination.to) {
        const match = simulator.exec(recipient.replace(/^.*<([^>]+)>$/, '$1'));
        if (!match) continue;
        const event = eventFor(message, recipient, match[1]!.toLowerCase() as 'bounce' | 'complaint', new Date().toISOString());
        // EventBridge invokes a Lambda target asynchronously: Lambda retries a failed event twice.
        for (const spec of targets) {
          for (let attempt = 0; attempt <= asyncRetries; attempt += 1) {
            if (
              await options.functions.invoke(spec, event).then(
                () => true,
                () => false,
              )
            )
              break;
          }
        }
      }
    }
  }

  const timer = setInterval(() => {
    running = running.then(poll).catch(() => undefined);
  }, pollMillis);

  return {
    settle: async () => {
      running = running.then(poll).catch(() => undefined);
      await running;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
