/**
 * SES's sending events, which the SES stand-in does not produce:
 *
 * - for every message the stand-in accepts (its answer to a send, seen by the engine's proxy),
 *   a Send event carrying the message's tags and destination, as SES publishes it through the
 *   configuration set, then a Delivery event for its recipients (the receiving server took it),
 *   but for a simulator bounce address, which SES never delivers to;
 * - like SES's own mailbox simulator, a permanent bounce for mail to
 *   `bounce@simulator.amazonses.com` and a complaint for mail to
 *   `complaint@simulator.amazonses.com` (a `+label` before the `@` is allowed, so that several
 *   test mailboxes can bounce), with the message's tags (SES publishes the tags with every event of a configuration set).
 *
 * Each event reaches the registry's `ses-events` functions in the shape EventBridge delivers it.
 * SES publishes its events whatever becomes of the sender; the stand-in, which lives in the
 * engine's process, cannot: an engine started on a data directory publishes again the Send
 * events of the sends its journal holds from the last window (`replay`), as SES would have.
 */
import { randomUUID } from 'node:crypto';
import { allFunctions } from '../functions/registry.ts';
import { localAccountId, localRegion } from './aws-config.ts';
import type { LocalFunctions } from './functions.ts';

const simulator = /^(bounce|complaint)(\+[^@]*)?@simulator\.amazonses\.com$/i;
/** How often the events of accepted sends are published: SES's come within seconds, not at once. */
const pollMillis = 200;
/** Lambda's retries of an asynchronous invocation that failed. */
const asyncRetries = 2;

/** A message SES accepted: its id, recipients and tags. */
export interface AcceptedMessage {
  readonly messageId: string;
  readonly from?: string;
  readonly destination: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  /** When SES accepted it (ISO). */
  readonly at: string;
}

/** The event types the engine publishes, as a configuration set's event destination names them. */
export type PublishedEventType = 'Send' | 'Delivery' | 'Bounce' | 'Complaint';
const allEventTypes: readonly PublishedEventType[] = ['Send', 'Delivery', 'Bounce', 'Complaint'];

/** SES lists each tag with its values, its own among them. */
function eventTags(tags: Readonly<Record<string, string>>, configurationSet: string): Record<string, string[]> {
  return { 'ses:configuration-set': [configurationSet], ...Object.fromEntries(Object.entries(tags).map(([name, value]) => [name, [value]])) };
}

/**
 * The Send event of an accepted message and, unless every recipient is a simulator bounce address,
 * its Delivery event, as EventBridge delivers them (detail-types `Email Sent`, `Email Delivered`;
 * the delivery object as SES's event publishing documents it).
 */
function acceptedEvents(message: AcceptedMessage, configurationSet: string, at: string) {
  const mail = {
    messageId: message.messageId,
    timestamp: message.at,
    ...(message.from ? { source: message.from } : {}),
    destination: [...message.destination],
    tags: eventTags(message.tags, configurationSet),
  };
  const common = { version: '0', source: 'aws.ses', account: localAccountId, time: at, region: localRegion, resources: [] };
  const delivered = message.destination.filter((recipient) => simulator.exec(bare(recipient))?.[1]?.toLowerCase() !== 'bounce');
  return [
    { ...common, id: randomUUID(), 'detail-type': 'Email Sent', detail: { eventType: 'Send' as const, mail, send: {} } },
    ...(delivered.length === 0
      ? []
      : [
          {
            ...common,
            id: randomUUID(),
            'detail-type': 'Email Delivered',
            detail: {
              eventType: 'Delivery' as const,
              mail,
              delivery: {
                timestamp: at,
                processingTimeMillis: Math.max(0, Date.parse(at) - Date.parse(message.at)),
                recipients: delivered,
                smtpResponse: '250 2.6.0 Message received',
                reportingMTA: 'local-engine.smtp-out.amazonses.com',
              },
            },
          },
        ]),
  ];
}

function bare(recipient: string): string {
  return recipient.replace(/^.*<([^>]+)>$/, '$1');
}

function eventFor(message: AcceptedMessage, recipient: string, kind: 'bounce' | 'complaint', at: string, configurationSet: string) {
  const mail = {
    messageId: message.messageId,
    timestamp: message.at,
    ...(message.from ? { source: message.from } : {}),
    destination: [...message.destination],
    tags: eventTags(message.tags, configurationSet),
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
  /** A message the stand-in accepted: its Send event follows. */
  accepted(message: AcceptedMessage): void;
  /** Publishes the Send events of messages accepted before the engine started; resolves once delivered. */
  replay(messages: readonly AcceptedMessage[]): Promise<void>;
  /**
   * Holds back the Send and Delivery events (as when SES's events are delayed) until
   * `holdAcceptedEvents(false)`; tests use it to let a send stay uncertain.
   */
  holdAcceptedEvents(hold: boolean): void;
  /** Publishes only these event types from now on, as a configuration set whose event destination matches those alone (all by default). */
  publishEventTypes(types: readonly PublishedEventType[]): void;
  stop(): Promise<void>;
}

export function startSesEventSimulator(options: { functions: LocalFunctions; configurationSet: string }): SesEventSimulator {
  const targets = allFunctions.filter((spec) => spec.triggers.some((trigger) => trigger.kind === 'ses-events'));
  // Send and Delivery events wait here while they are held; a simulator's bounce or complaint is never held.
  const acceptedQueue: AcceptedMessage[] = [];
  const simulatorQueue: AcceptedMessage[] = [];
  let held = false;
  let published = new Set<string>(allEventTypes);

  async function deliver(event: { readonly detail: { readonly eventType: string } }): Promise<void> {
    if (!published.has(event.detail.eventType)) return;
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
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function publishDue(): Promise<void> {
    while (!held && acceptedQueue.length > 0) {
      const message = acceptedQueue.shift()!;
      for (const event of acceptedEvents(message, options.configurationSet, new Date().toISOString())) await deliver(event);
    }
    while (simulatorQueue.length > 0) {
      const message = simulatorQueue.shift()!;
      for (const recipient of message.destination) {
        const match = simulator.exec(bare(recipient));
        if (!match) continue;
        const kind = match[1]!.toLowerCase() as 'bounce' | 'complaint';
        await deliver(eventFor(message, recipient, kind, new Date().toISOString(), options.configurationSet));
      }
    }
  }

  const timer = setInterval(() => {
    running = running.then(publishDue).catch(() => undefined);
  }, pollMillis);

  return {
    settle: async () => {
      running = running.then(publishDue).catch(() => undefined);
      await running;
    },
    accepted: (message) => {
      if (stopped) return;
      acceptedQueue.push(message);
      if (message.destination.some((recipient) => simulator.test(bare(recipient)))) simulatorQueue.push(message);
    },
    replay: async (messages) => {
      for (const message of messages) for (const event of acceptedEvents(message, options.configurationSet, new Date().toISOString())) await deliver(event);
    },
    holdAcceptedEvents: (hold) => {
      held = hold;
    },
    publishEventTypes: (types) => {
      published = new Set(types);
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
