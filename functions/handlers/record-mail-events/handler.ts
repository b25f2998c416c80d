/**
 * SES sending events (configuration set → EventBridge): marks a mission mailbox unhealthy on a
 * permanent bounce or a complaint, so that later notes skip it until the Secretariat clears it;
 * and settles the uncertain send an event shows had left (note-sender.ts, `SendReconciler`).
 */
import middy from '@middy/core';
import { AuditRepository } from '../../aws/audit-repository.ts';
import { functionSendReconciler, type SettledSend } from '../../aws/note-sender.ts';
import { StatesRepository } from '../../aws/states-repository.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { type MailboxHealthChange, mailboxHealthChanges, type SesEvent, sesEventSchema } from '../../core/mail-events.ts';
import type { BounceType } from '../../runtime/business-metrics.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { recordMailEvents as thisFunction } from './spec.ts';

const healthEvents = new Set(['Bounce', 'Complaint']);
const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);

export const handler = middy<unknown, { changed: MailboxHealthChange[]; settled: SettledSend[] }>()
  .use(observed.middlewares)
  .handler(async (event) => {
    const parsed = sesEventSchema.safeParse(event);
    // Events of other shapes are not ours to act on.
    if (!parsed.success) return { changed: [], settled: [] };
    const access = tableAccess(env);
    const settled = await functionSendReconciler(access, {}, observed.logger).settleFromEvent(parsed.data);
    observed.business.count('sendsSettledAfterRelease', settled.filter((send) => send.afterRelease).length);
    const states = new StatesRepository(access);
    // Only bounces and complaints change a mailbox's health: the registry is read for those alone.
    const changes = healthEvents.has(parsed.data.detail.eventType) ? mailboxHealthChanges(parsed.data, await states.list()) : [];
    const at = new Date(parsed.data.time ?? Date.now()).toISOString();
    for (const change of changes) {
      await states.setMailboxHealth({ state: change.state, address: change.address, health: change.health, healthReason: change.reason, healthChangedAt: at });
      await new AuditRepository(access).append({
        actor: { kind: 'system', id: 'ses-events' },
        action: 'changed',
        subject: { kind: 'state', id: change.state },
        state: change.state,
        details: { mailbox: change.address, health: change.health, reason: change.reason, sesMessageId: parsed.data.detail.mail.messageId },
      });
    }
    countMailEvent(parsed.data);
    return { changed: changes, settled };
  });

/**
 * Every bounce and complaint SES reports, whether or not the address is a registered mailbox;
 * counted after it is recorded, so that an event retried after a failure counts once.
 */
function countMailEvent(event: SesEvent): void {
  const { eventType, bounce } = event.detail;
  if (eventType === 'Complaint') observed.business.count('complaints');
  if (eventType === 'Bounce') observed.business.count('bounces', bounceType(bounce?.bounceType));
}

function bounceType(sesType: string | undefined): BounceType {
  if (sesType === 'Permanent') return 'permanent';
  if (sesType === 'Transient') return 'transient';
  return 'undetermined';
}
