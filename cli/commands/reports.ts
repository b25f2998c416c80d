/**
 * `mpr reports …`: the submissions received — reports of violations, follow-up reports and
 * views — with the Secretariat's three decisions on each and what happened to it.
 */
import { AuditRepository } from '../../functions/aws/audit-repository.ts';
import { IncidentsRepository } from '../../functions/aws/incidents-repository.ts';
import { StatesRepository } from '../../functions/aws/states-repository.ts';
import { SubmissionsRepository } from '../../functions/aws/submissions-repository.ts';
import type { AuditEvent } from '../../functions/core/audit.ts';
import { submissionText } from '../../functions/core/submission-text.ts';
import { compareReferences, parseReference, type Decision, type Submission } from '../../functions/core/submissions.ts';
import { circulationHistory, describeCirculation } from '../../functions/intake/circulation.ts';
import { choiceOption, CliError, command, exitCodes, group, stateCodeOption } from '../command.ts';
import { mapLimit } from '../concurrency.ts';
import { formatTable, jsonOption, printResult, printRows, yesNo } from '../output.ts';
import { targetOptions, withTarget } from '../target.ts';
import { cycleOption, readCycle } from './cycles.ts';

const kinds = ['violation', 'follow-up', 'views'] as const;

function compareReceived(a: Submission, b: Submission): number {
  return a.receivedAt.localeCompare(b.receivedAt) || compareReferences(a.reference, b.reference);
}

function kindsOf(submission: Submission): string {
  return [...new Set(submission.items.map((item) => item.kind))].join(', ');
}

function describeDecision(name: string, decision: Decision): string {
  return `${name} ${yesNo(decision.value)} (${decision.decidedBy === 'secretariat' ? 'set by the Secretariat' : 'as the State asked'}, ${decision.at})`;
}

interface ReportDetail {
  readonly submission: Submission;
  readonly incidents: readonly string[];
  readonly audit: readonly AuditEvent[];
  readonly text: string;
}

function describeReport({ submission, incidents, audit, text }: ReportDetail, stateName: string): string {
  const { decisions } = submission;
  const indent = (lines: string) => lines.trimEnd().split('\n').map((line) => `  ${line}`);
  return [
    `${submission.reference}  ${stateName} (${submission.reportingState}), cycle ${submission.cycleId}`,
    `  received     ${submission.receivedAt} by ${submission.source}`,
    `  status       ${submission.status}`,
    `  decisions    ${describeDecision('circulate', decisions.circulate)}`,
    `               ${describeDecision('publish full text', decisions.publishFullText)}`,
    `               ${describeDecision('summarize', decisions.summarize)}`,
    `  attachments  ${submission.attachments.map((attachment) => `${attachment.fileName} (${attachment.contentType}, ${attachment.size} bytes, item ${attachment.itemIndex + 1})`).join('; ') || 'none'}`,
    `  evidence     s3://${submission.evidence.bucket}/${submission.evidence.key}`,
    `  incidents    ${incidents.join(', ') || 'none'}`,
    '',
    'Audit trail',
    ...indent(audit.length === 0 ? 'none' : formatTable(['at', 'action', 'by', 'details'], audit.map((event) => [event.at, event.action, `${event.actor.kind} ${event.actor.id}`, JSON.stringify(event.details)]))),
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
        const read = state ? (await submissions.listByState(state)).filter((submission) => submission.cycleId === cycle.id) : await submissions.listByCycle(cycle.id);
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
            submission.status,
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
      const reference = operands[0]?.toUpperCase();
      if (!reference || !parseReference(reference)) throw new CliError('name the submission by its reference, e.g. MPR-2024-0001', exitCodes.badArguments);
      await withTarget(values, async (target) => {
        const submission = await new SubmissionsRepository(target.table).get(reference);
        if (!submission) throw new CliError(`the ${target.description} has no submission ${reference}`);
        const [incidents, audit, states] = await Promise.all([
          new IncidentsRepository(target.table).idsOfSubmission(reference),
          new AuditRepository(target.table).forSubject('submission', reference),
          new StatesRepository(target.table).list(),
        ]);
        const name = (code: string) => states.find((state) => state.code === code)?.nameEn ?? code;
        printResult(values.json, { submission, incidents, audit, text: submissionText(submission, name) }, (detail) => describeReport(detail, name(submission.reportingState)));
      });
    },
  }),
]);
