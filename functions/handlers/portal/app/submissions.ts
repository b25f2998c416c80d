/// <reference lib="dom" />
/**
 * The State's submissions: the list, and each one's receipt, contents, what was sent about it to
 * whom and when, and its attachments (printable).
 */
import type { AttachmentDownload, SubmissionDispatch } from '../../../intake/api-schemas.ts';
import { ApiError, api } from './api.ts';
import { type Child, h } from './dom.ts';
import { show } from './layout.ts';
import type { MessageKey } from './messages.ts';
import { formatDate, session, stateName, t } from './state.ts';

interface Decision {
  readonly value: boolean;
  readonly decidedBy: string;
}
export interface Receipt {
  readonly reference: string;
  readonly receivedAt: string;
  readonly status: 'received' | 'circulated' | 'not-circulated';
  readonly decisions: Record<'circulate' | 'publishFullText' | 'summarize', Decision>;
}
type Kind = 'violation' | 'follow-up' | 'views';
interface ListEntry extends Receipt {
  readonly kinds: readonly Kind[];
}
interface SubmissionView extends Receipt {
  readonly dispatch: SubmissionDispatch;
  readonly downloads: readonly AttachmentDownload[];
  readonly cycleId: string;
  readonly source: 'upload' | 'email';
  readonly language: string;
  readonly note: { date: string; reference?: string };
  readonly items: readonly (Record<string, unknown> & {
    kind: Kind;
  })[];
}

function decisionsList(decisions: Receipt['decisions']): HTMLElement {
  return h(
    'ul',
    {},
    (['circulate', 'publishFullText', 'summarize'] as const).map((name) =>
      h(
        'li',
        {},
        t(`decision.${name}.${decisions[name].value}` as MessageKey),
        decisions[name].decidedBy === 'secretariat' ? ` ${t('decision.bySecretariat')}` : '',
      ),
    ),
  );
}

export async function submissionsView(): Promise<void> {
  const { submissions } = await api<{ submissions: ListEntry[] }>('GET', '/v1/submissions');
  const state = stateName(session.identity?.state);
  const content: Child[] = [h('p', {}, t('submissions.intro'))];
  if (submissions.length === 0) content.push(h('p', {}, t('submissions.none')));
  else {
    content.push(
      h(
        'table',
        { class: 'responsive' },
        h('caption', {}, t('submissions.caption', { state })),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            (['submissions.reference', 'submissions.kind', 'submissions.received', 'submissions.status', 'submissions.decisions'] as const).map((key) =>
              h('th', { scope: 'col' }, t(key)),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          submissions.map((receipt) =>
            h(
              'tr',
              {},
              h(
                'td',
                { 'data-label': t('submissions.reference') },
                h('a', { href: `#/submissions/${encodeURIComponent(receipt.reference)}` }, receipt.reference),
              ),
              h('td', { 'data-label': t('submissions.kind') }, receipt.kinds.map((kind) => t(`kind.${kind}` as MessageKey)).join(', ')),
              h('td', { 'data-label': t('submissions.received') }, formatDate(receipt.receivedAt, true)),
              h('td', { 'data-label': t('submissions.status') }, t(`status.${receipt.status}` as MessageKey)),
              h('td', { 'data-label': t('submissions.decisions') }, decisionsList(receipt.decisions)),
            ),
          ),
        ),
      ),
    );
  }
  show(t('submissions.title'), content, '#/submissions');
}

function describeItem(item: SubmissionView['items'][number]): HTMLElement {
  const rows: [string, string][] = [];
  const text = (key: string) => (typeof item[key] === 'string' ? (item[key] as string) : undefined);
  if (item.kind === 'violation') {
    const affected = item['affected'] as { kinds: string[]; missionState: string };
    rows.push([t('submit.occurredIn'), stateName(text('occurredIn'))]);
    if (text('city')) rows.push([t('submit.city'), text('city')!]);
    rows.push([t('submit.incidentDate'), formatDate(text('incidentDate') ?? '')]);
    rows.push([t('submit.affected'), affected.kinds.map((kind) => t(`affected.${kind}` as MessageKey)).join(', ')]);
    rows.push([t('submit.missionState'), stateName(affected.missionState)]);
    rows.push([t('submit.violationKinds'), (item['violationKinds'] as string[]).map((kind) => t(`violation.${kind}` as MessageKey)).join(', ')]);
    rows.push([t('submit.facts'), text('facts') ?? '']);
  } else if (item.kind === 'follow-up') {
    rows.push([t('submit.answers'), text('answers') ?? '']);
    const justice = item['justiceMeasures'] as { taken: string[]; description: string } | undefined;
    if (justice) rows.push([t('submit.justice'), `${justice.taken.map((kind) => t(`justice.${kind}` as MessageKey)).join(', ')}. ${justice.description}`]);
    const preventive = item['preventiveMeasures'] as { taken: string[]; description: string } | undefined;
    if (preventive)
      rows.push([t('submit.preventive'), `${preventive.taken.map((kind) => t(`preventive.${kind}` as MessageKey)).join(', ')}. ${preventive.description}`]);
  } else {
    rows.push([t('submit.views'), text('text') ?? '']);
  }
  return h(
    'dl',
    { class: 'facts' },
    rows.flatMap(([term, description]) => [h('dt', {}, term), h('dd', {}, description)]),
  );
}

export async function submissionView(reference: string, received: boolean): Promise<void> {
  let submission: SubmissionView;
  try {
    submission = await api<SubmissionView>('GET', `/v1/submissions/${encodeURIComponent(reference)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404)
      return void show(
        t('detail.title', { reference }),
        [h('p', {}, t('detail.notFound', { reference })), h('p', {}, h('a', { href: '#/submissions' }, t('detail.back')))],
        '#/submissions',
      );
    throw error;
  }
  const content: Child[] = [
    received ? h('p', { class: 'notice' }, t('receipt.intro', { date: formatDate(submission.receivedAt, true), reference })) : null,
    h('h2', {}, t('detail.receipt')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('submissions.reference')),
      h('dd', {}, submission.reference),
      h('dt', {}, t('submissions.received')),
      h('dd', {}, formatDate(submission.receivedAt, true)),
      h('dt', {}, t('detail.source')),
      h('dd', {}, t(`source.${submission.source}` as MessageKey)),
      h('dt', {}, t('detail.cycle')),
      h('dd', {}, submission.cycleId),
      h('dt', {}, t('detail.noteDate')),
      h('dd', {}, formatDate(submission.note.date)),
      submission.note.reference ? [h('dt', {}, t('detail.noteReference')), h('dd', {}, submission.note.reference)] : null,
      h('dt', {}, t('submissions.status')),
      h('dd', {}, t(`status.${submission.status}` as MessageKey)),
      h('dt', {}, t('submissions.decisions')),
      h('dd', {}, decisionsList(submission.decisions)),
    ),
    h('h2', {}, t('detail.contents')),
    ...submission.items.flatMap((item, index) => [
      h('h3', {}, t('detail.item', { number: index + 1, kind: t(`kind.${item.kind}` as MessageKey) })),
      describeItem(item),
    ]),
    h('h2', {}, t('sent.title')),
    sentList(submission.dispatch),
    h('h2', {}, t('detail.attachments')),
    ...(submission.downloads.length
      ? [
          h('p', { class: 'hint no-print' }, t('detail.downloadHint')),
          h(
            'ul',
            { class: 'files' },
            submission.downloads.map((file, index) =>
              h(
                'li',
                {},
                h('a', { href: file.url, download: file.fileName, onclick: (event: Event) => void freshLink(event, reference, index, file) }, file.fileName),
                ` (${Math.ceil(file.size / 1024)} KB)`,
              ),
            ),
          ),
        ]
      : [h('p', {}, t('detail.noAttachments'))]),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => window.print() }, received ? t('receipt.print') : t('app.print')),
      h('a', { href: '#/submissions', class: 'button secondary' }, t('detail.back')),
    ),
  ];
  show(received ? t('receipt.title', { reference }) : t('detail.title', { reference }), content, '#/submissions');
}

/** What was sent about the submission, to whom and when. */
function sentList(dispatch: SubmissionDispatch): HTMLElement {
  const { circulation } = dispatch;
  const lines: string[] = [];
  if (circulation.status === 'pending') lines.push(t('sent.pending'));
  else if (circulation.status === 'not-circulated') lines.push(t(`sent.notCirculated.${circulation.reason}` as MessageKey));
  else
    lines.push(
      circulation.note
        ? t('sent.circulated', { count: circulation.states, date: formatDate(circulation.note.date), symbol: circulation.note.symbol })
        : t('sent.circulatedNoNote', { count: circulation.states }),
    );
  for (const attention of dispatch.attention)
    lines.push(
      t('sent.attention', {
        state: stateName(attention.state),
        date: formatDate(attention.note.date),
        symbol: attention.note.symbol,
        incident: attention.incidentId,
      }),
    );
  for (const reminder of dispatch.reminders)
    lines.push(
      t('sent.reminder', { number: reminder.number, date: formatDate(reminder.note.date), symbol: reminder.note.symbol, incident: reminder.incidentId }),
    );
  if (dispatch.reminders.length === 0) lines.push(t('sent.noReminders'));
  return h(
    'ul',
    { id: 'sent' },
    lines.map((line) => h('li', {}, line)),
  );
}

/** A link older than its lifetime is asked for again (the submission read anew), then followed. */
async function freshLink(event: Event, reference: string, index: number, file: AttachmentDownload): Promise<void> {
  if (Date.parse(file.expiresAt) - Date.now() > 10_000) return;
  event.preventDefault();
  const again = await api<SubmissionView>('GET', `/v1/submissions/${encodeURIComponent(reference)}`);
  const fresh = again.downloads[index];
  if (fresh) location.assign(fresh.url);
}
