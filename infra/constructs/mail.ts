/**
 * Outgoing mail: the SES v2 configuration set every note is sent with, the sending domain, and
 * the route by which SES tells the system what became of a message (bounce, complaint) so that
 * an unreachable mission mailbox is skipped next time.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, ConfigurationSetTlsPolicy, EmailIdentity, EmailSendingEvent, EventDestination, Identity } from 'aws-cdk-lib/aws-ses';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeDeadLetterQueue } from '../nag.ts';
import type { OperationalKeys } from './keys.ts';
import type { ProjectFunction } from './project-function.ts';

/**
 * The sending events SES publishes to EventBridge. Bounces and complaints change a mailbox's
 * health; sends, deliveries, delays, bounces and complaints settle a send the system did not
 * learn the outcome of (note-sender.ts); rejections are published too, for the monitoring of sends.
 */
const publishedEvents = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.DELIVERY_DELAY,
];

/**
 * EventBridge detail-types of the events the ses-events functions act on: bounces and complaints
 * (a mailbox's health), and every event that says SES accepted a message (it settles an
 * uncertain send): Send, Delivery, DeliveryDelay, Bounce, Complaint.
 */
export const sendingEventDetailTypes = ['Email Sent', 'Email Delivered', 'Email Delivery Delayed', 'Email Bounced', 'Email Complaint Received'] as const;

export interface MailProps {
  /** The address notes are sent from; its domain becomes the sending identity. */
  readonly senderAddress: string;
  /** The address States send reports to; SES receives only for a verified domain. */
  readonly reportingAddress: string;
  /** Its dead-letter queue is encrypted with the dead-letters key. */
  readonly keys: OperationalKeys;
}

export class Mail extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly configurationSetArn: string;
  /** The domain identity of the sender address: the only identity functions may send from. */
  readonly senderIdentity: EmailIdentity;
  /** Sending events that could not be delivered to, or handled by, their functions; kept for a redrive. */
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);

    this.configurationSet = new ConfigurationSet(this, 'Notes', {
      // Bounce and complaint rates in CloudWatch, for the alarms that protect the account's
      // sending status.
      reputationMetrics: true,
      sendingEnabled: true,
      // Notes verbales name diplomats and incidents: never hand them to a receiving server
      // over plain text.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      // SES publishes to the default bus only.
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: publishedEvents,
    });

    // Verification is a deployment step: SES answers the identity with DKIM CNAME records
    // (stack console, or `aws sesv2 get-email-identity`) that must be published in the domain's
    // DNS before SES sends or receives for it; receiving also needs the domain's MX record
    // pointing at SES in this region, and the receipt rule set made active.
    const senderDomain = domainOf(props.senderAddress);
    this.senderIdentity = new EmailIdentity(this, 'SenderDomain', {
      identity: Identity.domain(senderDomain),
      // A send that forgets to name the configuration set still reports its bounces.
      configurationSet: this.configurationSet,
    });
    const reportingDomain = domainOf(props.reportingAddress);
    if (reportingDomain !== senderDomain) {
      new EmailIdentity(this, 'ReportingDomain', { identity: Identity.domain(reportingDomain) });
    }

    this.deadLetters = new Queue(this, 'EventDeadLetters', {
      // Bounces and complaints name mission mailboxes: encrypted with a key of ours, which
      // EventBridge may use to write here (OperationalKeys).
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.keys.deadLetters,
      enforceSSL: true,
      // The longest SQS keeps a message: time to notice the alarm and redrive.
      retentionPeriod: Duration.days(14),
    });
    acknowledgeDeadLetterQueue(this.deadLetters, 'of the SES sending-events rule, and the on-failure destination of its functions');
  }

  /** `access.sendEmail`: send from the sender identity with this configuration set, nothing else. */
  grantSend(grantee: IGrantable): void {
    Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resourceArns: [this.senderIdentity.emailIdentityArn, this.configurationSetArn],
    });
  }

  /**
   * Routes the sending events of this configuration set to the functions, retried, then
   * dead-lettered: a lost bounce would keep sending notes to a dead mailbox, and a lost send
   * event would let the sweep release a send that left.
   *
   * EventBridge invokes a function asynchronously, so its dead-letter queue catches only events
   * it could not hand over; an event the function accepted and then failed on is retried by
   * Lambda and then sent to the same queue by the function's on-failure destination.
   */
  deliverMailboxHealthEvents(functions: readonly ProjectFunction[]): Rule {
    const rule = new Rule(this, 'MailboxHealthEvents', {
      description: 'SES sends, deliveries, delays, bounces and complaints of the notes configuration set',
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...sendingEventDetailTypes],
        // Other configuration sets of the account (other applications) are not ours.
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
    });
    for (const fn of functions) {
      fn.sendFailuresTo(this.deadLetters);
      rule.addTarget(
        new LambdaFunction(fn.function, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 10,
          maxEventAge: Duration.hours(6),
        }),
      );
    }
    return rule;
  }
}

function domainOf(address: string): string {
  const domain = address.split('@')[1];
  if (!domain) throw new Error(`not an e-mail address: ${address}`);
  return domain;
}
