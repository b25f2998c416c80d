/**
 * `mpr reports …`: the submissions received — reports of violations, follow-up reports and
 * views — with the Secretariat's three decisions on each and what happened to it.
 */
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import type { AuditEvent } from '../../functions/core/audit.ts';
import type { Decision } from '../../functions/core/decisions.ts';
import { type DecisionName, decisionNames } from '../../functions/core/decisions.ts';
import { compareReferences, parseReference } from '../../functions/core/references.ts';
import { submissionText } from '../../functions/core/submission-text.ts';
import type { Submission } from '../../functions/core/submissions.ts';
import { circulationHistory, describeCirculation } from '../../functions/intake/circulation.ts';
import { type DecisionDependencies, recordDecision, recordWithdrawal } from '../../functions/secretariat/decisions.ts';
import { cliActor } from '../actor.ts';
import { CliError, choiceOption, command, exitCodes, group, stateCodeOption } from '../command.ts';
import { mapLimit } from '../concurrency.ts';
import { formatTable, jsonOption, printResult, printRows, yesNo } from '../output.ts';
import { type Target, targetOptions, withTarget } from '../target.ts';
import { cycleOption, readCycle } from './cycles.ts';

const kinds = ['violation', 'follow-up', 'views'] as const;

function compareReceived(a: Submission, b: Submission): number {
  return a.receivedAt.localeCompare(b.receivedAt) || compareReferences(a.reference, b.reference);
}

function kindsOf(submission: Submission): string {
  return [...new Set(submission.items.map((item) => item.kind))].join(', ');
}

function describeDecision(name: string, decision: Decision): string {
  return `${name} ${yesNo(decision.value)} (${decision.decidedBy === 'secretariat' ? `set by the Secretariat${decision.by ? ` (${decision.by})` : ''}: ${decision.reason ?? ''}` : 'as the State asked'}, ${decision.at})`;
}

function referenceOperand(operand: string | undefined): string {
  const reference = operand?.toUpperCase();
  if (!reference || !parseReference(reference)) throw new CliError('name the submission by its reference, e.g. MPR-2024-0001', exitCodes.badArguments);
  return reference;
}

function reasonOption(reason: string | undefined): string {
  const trimmed = reason?.trim();
  if (!trimmed) throw new CliError('give the reason with --reason TEXT (it is audited, and shown to the State with the decision)', exitCodes.badArguments);
  if (trimmed.length > 2000) throw new CliError('--reason must be at most 2000 characters', exitCodes.badArguments);
  return trimmed;
}

function decisionDependencies(target: Target): DecisionDependencies {
  return {
    table: target.table,
    stepFunctions: target.stepFunctions,
    circulationStateMachineArn: target.stateMachineArn('circulation'),
    withdrawalStateMachineArn: target.stateMachineArn('withdrawal'),
  };
}

interface ReportDetail {
  readonly submission: Submission;
  readonly incidents: readonly string[];
  readonly audit: readonly AuditEvent[];
  readonly text: string;
}

function describeReport({ submission, incidents, audit, text }: ReportDetail, stateName: string): string {
  const { decisions } = submission;
  const indent = (lines: string) =>
    lines
      .trimEnd()
      .split('\n')
      .map((line) => `  ${line}`);
  return [
    `${submission.reference}  ${stateName} (${submission.reportingState}), cycle ${submission.cycleId}`,
    `  received     ${submission.receivedAt} by ${submission.source}`,
    `  status       ${submission.status}${submission.withdrawal ? `; WITHDRAWN ${submission.withdrawal.at} by ${submission.withdrawal.by}: ${submission.withdrawal.reason}` : ''}`,
    `  decisions    ${describeDecision('circulate', decisions.circulate)}`,
    `               ${describeDecision('publish full text', decisions.publishFullText)}`,
    `               ${describeDecision('summarize', decisions.summarize)}`,
    `  attachments  ${submission.attachments.map((attachment) => `${attachment.fileName} (${attachment.contentType}, ${attachment.size} bytes, item ${attachment.itemIndex + 1})`).join('; ') || 'none'}`,
    `  evidence     s3://${submission.evidence.bucket}/${submission.evidence.key}`,
    `  incidents    ${incidents.join(', ') || 'none'}`,
    '',
    'Audit trail',
    ...indent(
      audit.length === 0
        ? 'none'
        : formatTable(
            ['at', 'action', 'by', 'details'],
            audit.map((event) => [event.at, event.action, `${event.actor.kind} ${event.actor.id}`, JSON.stringify(event.details)]),
          ),
    ),
    '',
    'Full text',
    ...indent(text),
  ].join('\n');
}

export const reportsCommands = group('reports', 'the submissions received: reports, follow-up reports, views', [
  command({
    name: 'list',
    summary: 'The submissions of a cycle, as received, with their status, decisions and circulation.',
    options: {
      ...targetOptions,
      ...cycleOption,
      state: { type: 'string', value: 'CODE', help: 'only the submissions of this State' },
      kind: { type: 'string', value: 'KIND', help: `only submissions holding a report of this kind: ${kinds.join(', ')}` },
      circulated: { type: 'string', value: 'yes|no', help: 'only the submissions circulated to all States (yes), or those not circulated, or not yet (no)' },
      ...jsonOption,
    },
    examples: ['mpr reports list --state FRA --kind violation', 'mpr reports list --cycle 77/108 --circulated no --json'],
    async run({ values }) {
      const state = values.state === undefined ? undefined : stateCodeOption(values.state);
      const kind = choiceOption(values.kind, kinds, '--kind');
      const circulated = choiceOption(values.circulated, ['yes', 'no'], '--circulated');
      await withTarget(values, async (target) => {
        const { cycle } = await readCycle(target, values.cycle);
        const submissions = new SubmissionsRepository(target.table);
        // A State's submissions are one Query of its own; a cycle's another.
        const read = state
          ? (await submissions.listByState(state)).filter((submission) => submission.cycleId === cycle.id)
          : await submissions.listByCycle(cycle.id);
        const chosen = read
          .filter((submission) => !kind || submission.items.some((item) => item.kind === kind))
          .filter((submission) => !circulated || (submission.status === 'circulated') === (circulated === 'yes'))
          .sort(compareReceived);
        // Each report's circulation workflow: not started, running, succeeded, or failed and restarted.
        const workflow = { stepFunctions: target.stepFunctions, circulationStateMachineArn: target.stateMachineArn('circulation') };
        const circulations = await mapLimit(chosen, 8, async (submission) => describeCirculation(await circulationHistory(workflow, submission.reference)));
        const rows = chosen.map((submission, index) => ({ ...submission, circulation: circulations[index]! }));
        printRows(values.json, rows, {
          header: ['reference', 'received', 'state', 'note of', 'kinds', 'status', 'circulation', 'circulate', 'publish', 'summarize'],
          row: (submission) => [
            submission.reference,
            submission.receivedAt.slice(0, 16).replace('T', ' '),
            submission.reportingState,
            submission.note.date,
            kindsOf(submission),
            submission.withdrawal ? 'withdrawn' : submission.status,
            submission.circulation,
            yesNo(submission.decisions.circulate.value),
            yesNo(submission.decisions.publishFullText.value),
            yesNo(submission.decisions.summarize.value),
          ],
          empty: `No submission in cycle ${cycle.id} matches.`,
        });
      });
    },
  }),
  command({
    name: 'show',
    summary: 'One submission: its decisions, incidents, audit trail and full text.',
    usage: 'REFERENCE',
    options: { ...targetOptions, ...jsonOption },
    operands: ['REFERENCE'],
    examples: ['mpr reports show MPR-2024-0001'],
    async run({ values, operands }) {
      const reference = referenceOperand(operands[0]);
      await withTarget(values, async (target) => {
        const submission = await new SubmissionsRepository(target.table).get(reference);
        if (!submission) throw new CliError(`the ${target.description} has no submission ${reference}`);
        const [incidents, audit, states] = await Promise.all([
          new IncidentsRepository(target.table).idsOfSubmission(reference),
          new AuditRepository(target.table).forSubject('submission', reference),
          new StatesRepository(target.table).list(),
        ]);
        const name = (code: string) => states.find((state) => state.code === code)?.nameEn ?? code;
        printResult(values.json, { submission, incidents, audit, text: submissionText(submission, name) }, (detail) =>
          describeReport(detail, name(submission.reportingState)),
        );
      });
    },
  }),
  command({
    name: 'decide',
    summary: 'Record a decision of the Secretariat on a submission: circulate, publish (the full text) or summarize, yes or no.',
    usage: 'REFERENCE circulate|publish|summarize yes|no --reason TEXT',
    description: [
      'Each submission carries three decisions, defaulted from what its State asked; the Secretariat may change them, after consulting the State. The change is audited with your name and the reason, and honoured by circulation, mpr publish, mpr report compile and the API.',
      'Refused (exit 1) where it no longer applies: a report already circulated to all States cannot be un-circulated (withdraw it instead); a withdrawn submission takes no decision. Deciding to circulate a report held back circulates it now.',
    ],
    options: { ...targetOptions, reason: { type: 'string', value: 'TEXT', help: 'why (audited; required)' }, ...jsonOption },
    operands: ['REFERENCE', 'DECISION', 'yes|no'],
    examples: ['mpr reports decide MPR-2024-0007 summarize no --reason "The State asked, by its note of 3 June, that its report not be summarized"'],
    async run({ values, operands }) {
      const reference = referenceOperand(operands[0]);
      const name = choiceOption(operands[1], decisionNames, 'the decision') as DecisionName | undefined;
      const answer = choiceOption(operands[2], ['yes', 'no'], 'the value');
      if (!name || !answer || operands.length !== 3)
        throw new CliError(`usage: mpr reports decide REFERENCE ${decisionNames.join('|')} yes|no --reason TEXT`, exitCodes.badArguments);
      const reason = reasonOption(values.reason);
      await withTarget(values, async (target) => {
        const actor = cliActor();
        const outcome = await recordDecision(
          decisionDependencies(target),
          reference,
          { name, value: answer === 'yes', reason, by: actor.id, at: target.now().toISOString() },
          actor,
        );
        if (outcome.kind === 'not-found') throw new CliError(`the ${target.description} has no submission ${reference}`);
        if (outcome.kind === 'refused') throw new CliError(`${outcome.message}; nothing changed`);
        if (outcome.kind === 'unchanged') {
          printResult(values.json, { reference, changed: false, message: outcome.message }, () => outcome.message);
          return;
        }
        printResult(values.json, { reference, changed: true, decisions: outcome.submission.decisions, circulating: outcome.circulateNow }, () =>
          [
            `${reference}: ${name} set to ${answer} (audited).`,
            ...(outcome.circulateNow ? ['The report is being circulated to all States now (mpr reports show shows when it is done).'] : []),
          ].join('\n'),
        );
      });
    },
  }),
  command({
    name: 'withdraw',
    summary: 'Withdraw a submission found to be forged or sent in error: kept as evidence, out of every output, and the States that received it are told.',
    usage: 'REFERENCE --reason TEXT',
    description: [
      "The submission stays in the records (and its evidence in the bucket), marked withdrawn with your name and the reason; it leaves the publication site, the report of the Secretary-General and the State's own list on the API.",
      "Every State that was sent it (its circulation) or a note about it (attention under paragraph 12 (c)) is sent a short note of withdrawal, in its mission's language.",
    ],
    options: { ...targetOptions, reason: { type: 'string', value: 'TEXT', help: 'why (audited; required)' }, ...jsonOption },
    operands: ['REFERENCE'],
    examples: ['mpr reports withdraw MPR-2024-0009 --reason "Not sent by the Permanent Mission: forged sender"'],
    async run({ values, operands }) {
      const reference = referenceOperand(operands[0]);
      const reason = reasonOption(values.reason);
      await withTarget(values, async (target) => {
        const actor = cliActor();
        const outcome = await recordWithdrawal(decisionDependencies(target), reference, { by: actor.id, reason, at: target.now().toISOString() }, actor);
        if (outcome.kind === 'not-found') throw new CliError(`the ${target.description} has no submission ${reference}`);
        if (outcome.kind === 'refused') throw new CliError(`${outcome.message}; nothing changed`);
        printResult(
          values.json,
          { reference, withdrawal: outcome.submission.withdrawal },
          () => `${reference} withdrawn (audited). The States that received it are being sent a note of withdrawal.`,
        );
      });
    },
  }),
]);
