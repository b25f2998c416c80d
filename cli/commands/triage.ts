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
 * Recording starts the circulation, on the target's circulation state machine.
 *
 * `classify` is `accept` under the name the Secretariat's procedure uses for a free-form message:
 * accepting with `--kind` or `--form` is the classification, so there is one path, not two.
 */
import { readFile } from 'node:fs/promises';
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { QuarantineRepository } from '../../functions/aws/quarantine-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { officialLanguageSchema, officialLanguages, type WorkingLanguage, workingLanguages } from '../../functions/core/codes.ts';
import { formErrorLines, parseStructuredReport, structuredTemplate } from '../../functions/core/inbound-email/report-form.ts';
import { emailIdempotencyKey, type TriageItem, type TriageStatus, triageStatuses } from '../../functions/core/inbound-email/triage.ts';
import type { State } from '../../functions/core/states.ts';
import { formVersion, type StoredAttachment, type SubmissionBody, validateSubmissionBody } from '../../functions/core/submissions.ts';
import { checkAgainstRecords, type IntakeDependencies, recordSubmission } from '../../functions/intake/record-submission.ts';
import { cliActor } from '../actor.ts';
import { CliError, choiceOption, command, exitCodes, group, stateCodeOption } from '../command.ts';
import { jsonOption, printLine, printResult, printRows } from '../output.ts';
import { type Target, targetOptions, withTarget } from '../target.ts';

function repositories(target: Target) {
  return { triage: new QuarantineRepository(target.table), audit: new AuditRepository(target.table), states: new StatesRepository(target.table) };
}

function itemId(operands: readonly string[]): string {
  const [id] = operands;
  if (!id) throw new CliError('name the triage item: its ID (mpr triage list shows them)', exitCodes.badArguments);
  return id;
}

async function findItem(target: Target, id: string): Promise<TriageItem> {
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
  lines.push(
    '  text',
    ...item.text.split('\n').map((line) => `    ${line}`),
    ...(item.textTruncated ? ['    […] (cut; the whole message is in the evidence)'] : []),
  );
  return lines.join('\n');
}

/** What recording a submission needs: the target's table and its circulation state machine. */
function intakeDependenciesFor(target: Target): IntakeDependencies {
  return {
    table: target.table,
    stepFunctions: target.stepFunctions,
    circulationStateMachineArn: target.stateMachineArn('circulation'),
  };
}

/** The body and attachments the accepted message becomes (see the module comment). */
async function classification(
  item: TriageItem,
  state: State,
  options: { kind?: string | undefined; form?: string | undefined; language?: string | undefined },
): Promise<{ body: SubmissionBody; attachments: StoredAttachment[] }> {
  const now = new Date();
  const stored = item.attachments.map(({ itemIndex: _itemIndex, ...attachment }) => attachment);
  if (options.form !== undefined) {
    const reading = parseStructuredReport(await readFile(options.form, 'utf8'), now, stored);
    if (!reading.form) throw new CliError(`${options.form} holds no report form (mpr triage template prints one)`, exitCodes.badArguments);
    if (!reading.ok)
      throw new CliError(
        `${options.form} could not be read; nothing changed:\n${formErrorLines(reading.errors, 'en')
          .map((line) => `  ${line}`)
          .join('\n')}`,
      );
    return { body: reading.body, attachments: reading.attachments };
  }
  if (options.kind === 'views') {
    const validation = validateSubmissionBody(
      {
        formVersion,
        language: options.language ?? state.language,
        note: { date: (item.email.sentAt ?? item.receivedAt).slice(0, 10) },
        items: [
          { kind: 'views', text: item.text, attachments: stored.map(({ fileName, contentType, size, sha256 }) => ({ fileName, contentType, size, sha256 })) },
        ],
      },
      now,
    );
    if (!validation.ok)
      throw new CliError(
        `${item.id} cannot be recorded as views; nothing changed:\n${validation.errors.map((error) => `  ${error.path}: ${error.message}`).join('\n')}\nrecord it with --form FILE instead`,
      );
    return { body: validation.value, attachments: stored.map((attachment) => ({ ...attachment, itemIndex: 0 })) };
  }
  if (item.form?.ok) return { body: item.form.body, attachments: item.attachments };
  // What the Secretariat can do depends on the item, not on the arguments: a refusal (exit 1).
  const asViews = item.text.trim() === '' ? '' : ' --kind views, or';
  throw new CliError(`${item.id} holds no readable report form; nothing changed: classify it with${asViews} --form FILE (mpr triage template prints the form)`);
}

/** Why a held message can never be recorded, whatever the Secretariat classifies it as; undefined if it can be. */
function unrecordable(item: TriageItem): string | undefined {
  if (item.kind === 'quarantined' && item.reason === 'virus') {
    return `${item.id} did not pass the virus scan: it was never opened, and cannot be recorded; nothing changed. Reject it (mpr triage reject ${item.id} --reason "…") and ask the mission to send its report again`;
  }
  return undefined;
}

const acceptOptions = {
  ...targetOptions,
  state: { type: 'string', value: 'CODE', help: 'the State the message is from, when its mailbox is not registered' },
  kind: { type: 'string', value: 'views', help: 'record the message text as views (para 13)' },
  form: { type: 'string', value: 'FILE', help: 'record the report form the Secretariat filled in for the message (mpr triage template)' },
  language: {
    type: 'string',
    value: 'LANG',
    help: `with --kind views, the official language of the text (${officialLanguages.join(', ')}; default: the mission's working language)`,
  },
} as const;

/** Records a held message as its State's submission: accept and classify both run this. */
async function accept(
  values: {
    aws?: boolean | undefined;
    stack?: string | undefined;
    state?: string | undefined;
    kind?: string | undefined;
    form?: string | undefined;
    language?: string | undefined;
  },
  id: string,
): Promise<void> {
  if (values.kind !== undefined && values.form !== undefined) throw new CliError('give --kind views or --form FILE, not both', exitCodes.badArguments);
  if (values.kind !== undefined && values.kind !== 'views')
    throw new CliError(
      `--kind ${values.kind}: only views can be recorded from the message text; give any other report with --form FILE`,
      exitCodes.badArguments,
    );
  if (values.language !== undefined && !officialLanguageSchema.safeParse(values.language).success)
    throw new CliError(`--language must be an official language: ${officialLanguages.join(', ')}`, exitCodes.badArguments);
  const requested = values.state === undefined ? undefined : stateCodeOption(values.state);
  await withTarget(values, async (target) => {
    const { triage, audit, states } = repositories(target);
    const item = await findItem(target, id);
    // An accepted item without its reference is one whose recording failed: accepting again completes it.
    if (item.status === 'rejected' || item.decision?.reference) throw new CliError(`${decidedText(item)}; nothing changed`);
    const refusal = unrecordable(item);
    if (refusal) throw new CliError(refusal);

    if (requested && item.state && requested !== item.state)
      throw new CliError(`${item.id} came from a mailbox of ${item.state}; it can be recorded for ${item.state} only; nothing changed`);
    const code = requested ?? item.state;
    if (!code) throw new CliError(`${item.id} did not come from a registered mailbox: name its State with --state; nothing changed`);
    const state = await states.get(code);
    if (!state) throw new CliError(`${code} is not in the States registry of the ${target.description}`);

    const { body, attachments } = await classification(item, state, values);
    const deps = intakeDependenciesFor(target);
    const unknown = await checkAgainstRecords(body, state.code, deps);
    if (unknown.length > 0)
      throw new CliError(
        `${item.id} cannot be recorded; nothing changed:\n${formErrorLines(unknown, 'en')
          .map((line) => `  ${line}`)
          .join('\n')}`,
      );
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
    printLine(
      `${item.id} accepted: recorded as ${submission.reference} of ${state.code} (${body.items.map((entry) => entry.kind).join(', ')}) in the ${target.description}.`,
    );
  });
}

export const triageCommands = group('triage', 'e-mails held for the Secretariat: quarantined, or not in the report form', [
  command({
    name: 'list',
    summary: 'E-mails held for the Secretariat, oldest first.',
    options: {
      ...targetOptions,
      status: { type: 'string', value: 'STATUS', default: 'pending', help: `the items of this status: ${triageStatuses.join(', ')}` },
      ...jsonOption,
    },
    examples: ['mpr triage list', 'mpr triage list --status rejected --json'],
    async run({ values }) {
      const status = choiceOption(values.status, triageStatuses, '--status')!;
      await withTarget(values, async (target) => {
        // One summary line per item, the line `show` starts with.
        printRows(values.json, await repositories(target).triage.list(status as TriageStatus), {
          header: null,
          row: (item) => [summary(item)],
          empty: `No ${status} triage items in the ${target.description}.`,
        });
      });
    },
  }),
  command({
    name: 'show',
    summary: 'One held e-mail: why it is held, its sender, its text and attachments.',
    usage: 'ID',
    options: { ...targetOptions, ...jsonOption },
    operands: ['ID'],
    examples: ['mpr triage show T-20240402-1a2b3c4d'],
    async run({ values, operands }) {
      const id = itemId(operands);
      await withTarget(values, async (target) => printResult(values.json, await findItem(target, id), describeItem));
    },
  }),
  command({
    name: 'template',
    summary: 'Print the report form, to fill in for a message and record it with accept --form FILE.',
    options: { language: { type: 'string', value: 'LANG', default: 'en', help: `the form's language: ${workingLanguages.join(', ')}` } },
    examples: ['mpr triage template --language fr > form.txt'],
    async run({ values }) {
      printLine(`${structuredTemplate(choiceOption(values.language, workingLanguages, '--language') as WorkingLanguage)}`);
    },
  }),
  command({
    name: 'accept',
    summary: 'Record a held e-mail as its State’s submission, as its report form says or as classified.',
    usage: 'ID',
    description: [
      'A message whose report form was read is recorded as its form says. Otherwise classify it: --kind views records the message text as views; --form FILE records the report form filled in for it. Recording starts the circulation; the decision is audited.',
    ],
    options: acceptOptions,
    operands: ['ID'],
    examples: ['mpr triage accept T-20240402-1a2b3c4d --state FRA', 'mpr triage accept T-20240402-1a2b3c4d --form form.txt'],
    async run({ values, operands }) {
      await accept(values, itemId(operands));
    },
  }),
  command({
    name: 'classify',
    summary: 'Classify a free-form e-mail and record it: the same as accept, by another name.',
    usage: 'ID --kind views | --form FILE',
    description: [
      'Classifying is accepting with --kind views (the message text as views) or --form FILE (any other report, in the form mpr triage template prints); see mpr triage accept --help.',
    ],
    options: acceptOptions,
    operands: ['ID'],
    examples: ['mpr triage classify T-20240402-1a2b3c4d --kind views --language es'],
    async run({ values, operands }) {
      await accept(values, itemId(operands));
    },
  }),
  command({
    name: 'reject',
    summary: 'Reject a held e-mail, recording why.',
    usage: 'ID --reason TEXT',
    options: { ...targetOptions, reason: { type: 'string', value: 'TEXT', help: 'why, for the audit trail' } },
    operands: ['ID'],
    examples: ['mpr triage reject T-20240402-1a2b3c4d --reason "not from a mission"'],
    async run({ values, operands }) {
      const id = itemId(operands);
      const reason = values.reason?.trim();
      if (!reason) throw new CliError('say why with --reason "…"', exitCodes.badArguments);
      await withTarget(values, async (target) => {
        const { triage, audit } = repositories(target);
        const item = await findItem(target, id);
        const actor = cliActor();
        const { decided, item: current } = await triage.decide(item.id, { status: 'rejected', by: actor, at: new Date().toISOString(), reason });
        if (!decided) throw new CliError(`${current ? decidedText(current) : `${item.id} is gone`}; nothing changed`);
        await audit.append({
          actor,
          action: 'classified',
          subject: { kind: 'email', id: item.email.dedupeKey },
          ...(item.state ? { state: item.state } : {}),
          details: { triageId: item.id, decision: 'rejected', reason },
        });
        printLine(`${item.id} rejected.`);
      });
    },
  }),
]);
