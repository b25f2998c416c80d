/**
 * The SES receipt rule's Lambda action for the reporting address (intake/receive-email.ts), and,
 * every few minutes, the sweep that handles again a message whose every attempt failed.
 */
import middy from '@middy/core';
import type { ScheduledEvent, SESEvent } from 'aws-lambda';
import { s3 } from '../../aws/clients.ts';
import { functionNoteSender } from '../../aws/note-sender.ts';
import { arrivalFromSes, EmailIntake, type InboundOutcome } from '../../intake/receive-email.ts';
import { intakeDependencies } from '../../intake/record-submission.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { inboundEmail as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);
const intake = intakeDependencies(env);
const emails = new EmailIntake({
  intake,
  s3: s3(env),
  evidenceBucket: env.EVIDENCE_BUCKET,
  inboundBucket: env.INBOUND_EMAIL_BUCKET,
  inboundPrefix: env.INBOUND_EMAIL_PREFIX,
  reportingAddress: env.REPORTING_ADDRESS,
  sender: functionNoteSender(intake.table, env, observed),
  actor: { kind: 'system', id: thisFunction.name },
  business: observed.business,
});

function isReceipt(event: SESEvent | ScheduledEvent): event is SESEvent {
  return 'Records' in event;
}

export const handler = middy<SESEvent | ScheduledEvent, InboundOutcome[]>()
  .use(observed.middlewares)
  .handler(async (event) => {
    if (!isReceipt(event)) return emails.handleUnfinished(new Date());
    const outcomes: InboundOutcome[] = [];
    for (const { ses } of event.Records) outcomes.push(await emails.receive(arrivalFromSes(ses.mail, ses.receipt)));
    return outcomes;
  });
