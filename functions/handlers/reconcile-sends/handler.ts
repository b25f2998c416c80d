/**
 * Every quarter of an hour: no send of any note (circular notes, reminders, circulations,
 * acknowledgements, notices) stays uncertain for ever. A send claimed longer ago than the window
 * with no SES sending event to settle it never left SES: it is released, audited and counted
 * (the `uncertain-sends-released` alarm), and sent again by a resend of its note to its State
 * (aws/resend.ts) when its claim says how. Why release rather than only report: see note-sender.ts.
 */
import middy from '@middy/core';
import { stepFunctions } from '../../aws/clients.ts';
import { functionSendReconciler } from '../../aws/note-sender.ts';
import type { UnsettledSend } from '../../aws/notes-repository.ts';
import { stepFunctionsResender } from '../../aws/resend.ts';
import { tableAccess } from '../../aws/table-access.ts';
import { loadEnvironment } from '../../runtime/load-environment.ts';
import { observability } from '../../runtime/observability.ts';
import { reconcileSends as thisFunction } from './spec.ts';

const env = loadEnvironment(thisFunction);
const observed = observability(thisFunction);

export const handler = middy<unknown, { released: UnsettledSend[] }>()
  .use(observed.middlewares)
  .handler(async () => {
    const resend = stepFunctionsResender(stepFunctions(), env.RESEND_STATE_MACHINE_ARN);
    const released = await functionSendReconciler(tableAccess(env), env, observed.logger, resend).releaseUnsettled();
    observed.business.count('uncertainSendsReleased', released.length);
    return { released };
  });
