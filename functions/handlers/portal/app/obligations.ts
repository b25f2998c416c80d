/// <reference lib="dom" />
/** What the State owes under paragraph 11, each with a button that opens the report pre-filled. */
import { api } from './api.ts';
import { type Child, h } from './dom.ts';
import { show } from './layout.ts';
import type { MessageKey } from './messages.ts';
import { formatDate, session, stateName, t } from './state.ts';

interface OwedObligation {
  readonly id: string;
  readonly incidentId: string;
  readonly kind: 'violation-report' | 'follow-up' | 'follow-up-outcome' | 'follow-up-where-possible';
  readonly basis: { paragraph: number; subparagraph: string };
  readonly triggeredBy: { reference: string };
  readonly dueDate: string | null;
  readonly reminderDates: readonly string[];
  readonly overdue: boolean;
}

export async function obligationsView(): Promise<void> {
  const { obligations } = await api<{ obligations: OwedObligation[] }>('GET', '/v1/obligations');
  const today = new Date().toISOString().slice(0, 10);
  const content: Child[] = [h('p', {}, t('obligations.intro'))];
  if (obligations.length === 0) content.push(h('p', {}, t('obligations.none')));
  else {
    content.push(
      h(
        'table',
        { class: 'responsive' },
        h('caption', {}, t('obligations.caption', { state: stateName(session.identity?.state) })),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            (['obligations.what', 'obligations.incident', 'obligations.due', 'obligations.reminders'] as const).map((key) => h('th', { scope: 'col' }, t(key))),
            h('td', {}),
          ),
        ),
        h(
          'tbody',
          {},
          obligations.map((obligation) => {
            const sent = obligation.reminderDates.filter((date) => date <= today);
            const kind = obligation.kind === 'violation-report' ? 'violation' : 'follow-up';
            const query = kind === 'follow-up' ? `kind=follow-up&answers=${encodeURIComponent(obligation.incidentId)}` : 'kind=violation';
            const action = t(kind === 'follow-up' ? 'obligations.followUp' : 'obligations.report');
            return h(
              'tr',
              {},
              h(
                'td',
                { 'data-label': t('obligations.what') },
                `${t(`obligation.${obligation.kind}` as MessageKey)} — ${t('obligations.basis', { paragraph: obligation.basis.paragraph, sub: obligation.basis.subparagraph })}`,
              ),
              h(
                'td',
                { 'data-label': t('obligations.incident') },
                obligation.incidentId,
                ' (',
                h('a', { href: `#/submissions/${encodeURIComponent(obligation.triggeredBy.reference)}` }, obligation.triggeredBy.reference),
                ')',
              ),
              h(
                'td',
                { 'data-label': t('obligations.due') },
                obligation.dueDate ? formatDate(obligation.dueDate) : t('obligations.noDue'),
                obligation.overdue ? h('strong', {}, ` (${t('obligations.overdue')})`) : null,
              ),
              h(
                'td',
                { 'data-label': t('obligations.reminders') },
                sent.length ? sent.map((date) => formatDate(date)).join(', ') : t('obligations.noReminders'),
              ),
              h('td', {}, h('a', { class: 'button', href: `#/submit?${query}`, 'aria-label': `${action}: ${obligation.incidentId}` }, action)),
            );
          }),
        ),
      ),
    );
  }
  show(t('obligations.title'), content, '#/obligations');
}
