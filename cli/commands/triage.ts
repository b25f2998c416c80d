/**
 * `mpr triage …`: the e-mails held for the Secretariat, quarantined or awaiting classification,
 * and the decision on each (taken once, and audited).
 *
 * Accepting records the message as a submission of its State, through the same service as
 * every intake, with the message as evidence and its stored attachments:
 *
 * - a message whose report form was read (e.g. quarantined only because its mailbox is not yet
 *   in the registry) is recorded as its form says;
 * - otherwise the Secretariat classifies it: `--kind views` records the message text as views
 *   (language: the State's working language unless `--language`; note date: the date the
 *   message was sent), and `--form FILE` records the report form the Secretariat filled in for
 *   it (`mpr triage template` prints the form). Attachments go with the first report unless the
 *   form's Attachments lines place them.
 *
 * Recording starts the circulation, so the command needs the circulation state machine: the
 * local engine's, or with `--aws` the stack's `CirculationStateMachineArn` output, given as
 * `--circulation-arn ARN`.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SFNClient } from '@aws-sdk/client-sfn';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { QuarantineRepository } from '../../functions/aws/quarantine-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { officialLanguages, officialLanguageSchema, stateCodeSchema, workingLanguages, type WorkingLanguage } from '../../functions/core/codes.ts';
import { emailIdempotencyKey, formErrorLines, parseStructuredReport, structuredTemplate, triageStatuses, type TriageItem, type TriageStatus } from '../../functions/core/email-intake.ts';
import { formVersion, validateSubmissionBody, type StoredAttachment, type SubmissionBody } from '../../functions/core/reports.ts';
import type { State } from '../../functions/core/states.ts';
import { checkAgainstRecords, recordSubmission, type IntakeDependencies } from '../../functions/intake/record-submission.ts';
import { localClientConfig } from '../../local/aws-config.ts';
import { readEndpointsFile } from '../../local/endpoints-file.ts';
import { projectRoot } from '../../local/project-root.ts';
import { cliActor } from '../actor.ts';
import { CliError, type CommandGroup } from '../command.ts';
import { resolveTarget, targetOptions, type Target } from '../target.ts';

function repositories(target: Target) {
  const access = { client: target.documents, tableName: target.tableName };
  return { triage: new QuarantineRepository(access), audit: new AuditRepository(access), states: new StatesRepository(access) };
}

async function findItem(target: Target, id: string | undefined, usage: string): Promise<TriageItem> {
  if (!id) throw new CliError(`usage: ${usage}`, 2);
  const item = await repositories(target).triage.get(id);
  if (!item) throw new CliError(`the ${target.description} holds no triage item ${id} (mpr triage list shows them)`);
  return item;
}

function decidedText(item: TriageItem): string {
  const decision = item.decision;
  const by = decision ? ` by ${decision.by.id} on ${decision.at}` : '';
  return `${item.id} was ${item.status}${by}${decision?.reference ? ` as ${decision.reference}` : ''}${decision?.reason ? ` (${decision.reason})` : ''}`;
}

function summary(item: TriageItem): string {
  const why = item.kind === 'quarantined' ? `quarantined: ${item.reason}` : 'awaiting classification';
  const from = item.email.fromAddress ?? item.email.envelopeSender;
  return `${item.id}  ${item.receivedAt.slice(0, 16).replace('T', ' ')}  ${item.state ?? '---'}  ${why}  from ${from}  "${item.email.subject ?? ''}"`;
}

function describeItem(item: TriageItem): string {
  const lines = [
    summary(item),
    `  detail       ${item.detail}`,
    `  status       ${item.decision ? decidedText(item) : item.status}`,
    `  sender       From ${item.email.fromName ? `"${item.email.fromName}" ` : ''}<${item.email.fromAddress ?? ''}>, envelope <${item.email.envelopeSender}>`,
    `  evidence     s3://${item.evidence.bucket}/${item.evidence.key}`,
    `  attachments  ${item.attachments.map((attachment) => `${attachment.fileName} (${attachment.contentType}, ${attachment.size} bytes)`).join('; ') || 'none stored'}`,
  ];
  if (item.form?.ok) lines.push(`  report form  read: ${item.form.body.items.map((entry) => entry.kind).join(', ')} (accepting records it)`);
  if (item.form && !item.form.ok) lines.push('  report form  could not be read:', ...formErrorLines(item.form.errors, 'en').map((line) => `    - ${line}`));
  lines.push('  text', ...item.text.split('\n').map((line) => `    ${line}`), ...(item.textTruncated ? ['    […] (cut; the whole message is in the evidence)'] : []));
  return lines.join('\n');
}

/** The circulation the recorded submission starts: the local engine's, or the deployed stack's named by --circulation-arn. */
async function intakeDependenciesFor(target: Target, options: { aws?: boolean | undefined; stack?: string | undefined; 'circulation-arn'?: string | undefined }): Promise<IntakeDependencies> {
  if (options.aws || options.stack) {
    const arn = options['circulation-arn'];
    if (!arn) throw new CliError('with --aws, give the circulation state machine: --circulation-arn ARN (the stack output CirculationStateMachineArn)', 2);
    return { documents: target.documents, tableName: target.tableName, stepFunctions: new SFNClient({}), circulationStateMachineArn: arn };
  }
  const { endpoints, resources } = await readEndpointsFile(projectRoot);
  const arn = resources.stateMachines['circulation'];
  if (!arn) throw new CliError('the local engine runs no circulation state machine');
  return { documents: target.documents, tableName: target.tableName, stepFunctions: new SFNClient(localClientConfig(endpoints.stepfunctions)), circulationStateMachineArn: arn };
}

/** The body and attachments the accepted message becomes (see the module comment). */
async function classification(item: TriageItem, state: State, options: { kind?: string | undefined; form?: string | undefined; language?: string | undefined }): Promise<{ body: SubmissionBody; attachments: StoredAttachment[] }> {
  const now = new Date();
  const stored = item.attachments.map(({ itemIndex: _itemIndex, ...attachment }) => attachment);
  if (options.form !== undefined) {
    const reading = parseStructuredReport(await readFile(options.form, 'utf8'), now, stored);
    if (!reading.form) throw new CliError(`${options.form} holds no report form (mpr triage template prints one)`, 2);
    if (!reading.ok) throw new CliError(`${options.form} could not be read; nothing changed:\n${formErrorLines(reading.errors, 'en').map((line) => `  ${line}`).join('\n')}`);
    return { body: reading.body, attachments: reading.attachments };
  }
  if (options.kind === 'views') {
    const validation = validateSubmissionBody(
      {
        formVersion,
        language: options.language ?? state.language,
        note: { date: (item.email.sentAt ?? item.receivedAt).slice(0, 10) },
        items: [{ kind: 'views', text: item.text, attachments: stored.map(({ fileName, contentType, size, sha256 }) => ({ fileName, contentType, size, sha256 })) }],
      },
      now,
    );
    if (!validation.ok) throw new CliError(`${item.id} cannot be recorded as views; nothing changed:\n${validation.errors.map((error) => `  ${error.path}: ${error.message}`).join('\n')}\nrecord it with --form FILE instead`);
    return { body: validation.value, attachments: stored.map((attachment) => ({ ...attachment, itemIndex: 0 })) };
  }
  if (options.kind !== undefined) throw new CliError(`--kind ${options.kind}: only views can be recorded from the message text; give any other report with --form FILE`, 2);
  if (item.form?.ok) return { body: item.form.body, attachments: item.attachments };
  throw new CliError(`${item.id} holds no readable report form: classify it with --kind views, or --form FILE (mpr triage template prints the form)`, 2);
}

export const triageCommands: CommandGroup = {
  name: 'triage',
  commands: [
    {
      name: 'list',
      summary: 'E-mails held for the Secretariat, oldest first: pending unless --status accepted|rejected; --json.',
      async run(args) {
        const { values } = parseArgs({ args: [...args], options: { ...targetOptions, status: { type: 'string', default: 'pending' }, json: { type: 'boolean' } } });
        if (!(triageStatuses as readonly string[]).includes(values.status)) throw new CliError(`--status must be one of ${triageStatuses.join(', ')}`, 2);
        const target = await resolveTarget(values);
        try {
          const items = await repositories(target).triage.list(values.status as TriageStatus);
          if (values.json) return void process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
          if (items.length === 0) return void process.stdout.write(`No ${values.status} triage items in the ${target.description}.\n`);
          for (const item of items) process.stdout.write(`${summary(item)}\n`);
        } finally {
          target.close();
        }
      },
    },
    {
      name: 'show',
      summary: 'One held e-mail: why it is held, its sender, its text and attachments (ID; --json).',
      async run(args) {
        const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { ...targetOptions, json: { type: 'boolean' } } });
        const target = await resolveTarget(values);
        try {
          const item = await findItem(target, positionals[0], 'mpr triage show ID');
          process.stdout.write(values.json ? `${JSON.stringify(item, null, 2)}\n` : `${describeItem(item)}\n`);
        } finally {
          target.close();
        }
      },
    },
    {
      name: 'template',
      summary: 'Print the report form (--language en|fr), to classify a message with accept --form FILE.',
      async run(args) {
        const { values } = parseArgs({ args: [...args], options: { language: { type: 'string', default: 'en' } } });
        if (!(workingLanguages as readonly string[]).includes(values.language)) throw new CliError(`--language must be one of ${workingLanguages.join(', ')}`, 2);
        process.stdout.write(`${structuredTemplate(values.language as WorkingLanguage)}\n`);
      },
    },
    {
      name: 'accept',
      summary: 'Record a held e-mail as its State’s submission: ID [--state FRA] [--kind views | --form FILE].',
      async run(args) {
        const { values, positionals } = parseArgs({
          args: [...args],
          allowPositionals: true,
          options: { ...targetOptions, state: { type: 'string' }, kind: { type: 'string' }, form: { type: 'string' }, language: { type: 'string' }, 'circulation-arn': { type: 'string' } },
        });
        if (values.kind !== undefined && values.form !== undefined) throw new CliError('give --kind views or --form FILE, not both', 2);
        if (values.language !== undefined && !officialLanguageSchema.safeParse(values.language).success) throw new CliError(`--language must be an official language: ${officialLanguages.join(', ')}`, 2);
        const target = await resolveTarget(values);
        try {
          const { triage, audit, states } = repositories(target);
          const item = await findItem(target, positionals[0], 'mpr triage accept ID [--state FRA] [--kind views | --form FILE]');
          // An accepted item without its reference is one whose recording failed: accepting again completes it.
          if (item.status === 'rejected' || item.decision?.reference) throw new CliError(`${decidedText(item)}; nothing changed`);

          const requested = values.state === undefined ? undefined : stateCodeSchema.safeParse(values.state.toUpperCase());
          if (requested && !requested.success) throw new CliError('--state must name a State by its ISO 3166-1 alpha-3 code, e.g. --state FRA', 2);
          if (requested?.data && item.state && requested.data !== item.state) throw new CliError(`${item.id} came from a mailbox of ${item.state}; it can be recorded for ${item.state} only`, 2);
          const code = requested?.data ?? item.state;
          if (!code) throw new CliError(`${item.id} did not come from a registered mailbox: name its State with --state`, 2);
          const state = await states.get(code);
          if (!state) throw new CliError(`${code} is not in the States registry of the ${target.description}`);

          const { body, attachments } = await classification(item, state, values);
          const deps = await intakeDependenciesFor(target, values);
          try {
            const unknown = await checkAgainstRecords(body, state.code, deps);
            if (unknown.length > 0) throw new CliError(`${item.id} cannot be recorded; nothing changed:\n${formErrorLines(unknown, 'en').map((line) => `  ${line}`).join('\n')}`);
            const actor = cliActor();
            if (item.status === 'pending') {
              const { decided, item: current } = await triage.decide(item.id, { status: 'accepted', by: actor, at: new Date().toISOString() });
              if (!decided) throw new CliError(`${current ? decidedText(current) : `${item.id} is gone`} meanwhile; nothing changed`);
            }
            const { submission } = await recordSubmission(
              {
                body,
                reportingState: state.code,
                source: 'email',
                receivedAt: item.receivedAt,
                evidence: item.evidence,
                attachments,
                actor,
                idempotencyKey: emailIdempotencyKey(item.email.dedupeKey),
              },
              deps,
            );
            await triage.recordReference(item.id, submission.reference);
            await audit.append({
              actor,
              action: 'classified',
              subject: { kind: 'email', id: item.email.dedupeKey },
              state: state.code,
              details: { triageId: item.id, decision: 'accepted', reference: submission.reference, kinds: body.items.map((entry) => entry.kind) },
            });
            process.stdout.write(`${item.id} accepted: recorded as ${submission.reference} of ${state.code} (${body.items.map((entry) => entry.kind).join(', ')}) in the ${target.description}.\n`);
          } finally {
            deps.stepFunctions.destroy();
          }
        } finally {
          target.close();
        }
      },
    },
    {
      name: 'reject',
      summary: 'Reject a held e-mail, recording why: ID --reason "...".',
      async run(args) {
        const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { ...targetOptions, reason: { type: 'string' } } });
        if (!values.reason?.trim()) throw new CliError('usage: mpr triage reject ID --reason "why"', 2);
        const target = await resolveTarget(values);
        try {
          const { triage, audit } = repositories(target);
          const item = await findItem(target, positionals[0], 'mpr triage reject ID --reason "why"');
          const actor = cliActor();
          const { decided, item: current } = await triage.decide(item.id, { status: 'rejected', by: actor, at: new Date().toISOString(), reason: values.reason.trim() });
          if (!decided) throw new CliError(`${current ? decidedText(current) : `${item.id} is gone`}; nothing changed`);
          await audit.append({
            actor,
            action: 'classified',
            subject: { kind: 'email', id: item.email.dedupeKey },
            ...(item.state ? { state: item.state } : {}),
            details: { triageId: item.id, decision: 'rejected', reason: values.reason.trim() },
          });
          process.stdout.write(`${item.id} rejected.\n`);
        } finally {
          target.close();
        }
      },
    },
  ],
};
