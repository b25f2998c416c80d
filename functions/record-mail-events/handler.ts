/**
 * SES sending events (configuration set → EventBridge): marks a mission mailbox unhealthy on a
 * permanent bounce or a complaint, so that later notes skip it until the Secretariat clears it.
 */
import middy from '@middy/core';
import { functionRegistry } from '../registry.ts';
import { loadEnvironment } from '../runtime/load-environment.ts';
import { tableAccess } from '../aws/table-access.ts';
import { StatesRepository } from '../aws/states-repository.ts';
import { AuditRepository } from '../aws/audit-repository.ts';
import { mailboxHealthChanges, sesEventSchema, type MailboxHealthChange } from '../core/mail-events.ts';

const env = loadEnvironment(functionRegistry.recordMailEvents);

export const handler = middy<unknown, { changed: MailboxHealthChange[] }>().handler(async (event) => {
  const parsed = sesEventSchema.safeParse(event);
  // Events of other kinds (deliveries, opens) or shapes are not ours to act on.
  if (!parsed.success) return { changed: [] };
  const access = tableAccess(env);
  const states = new StatesRepository(access);
  const changes = mailboxHealthChanges(parsed.data, await states.list());
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
  return { changed: changes };
});
