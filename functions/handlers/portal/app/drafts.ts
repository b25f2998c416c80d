/// <reference lib="dom" />
/** The State's drafts: open, or delete. */
import { api } from './api.ts';
import { type Child, h } from './dom.ts';
import { show } from './layout.ts';
import type { Draft } from './report-form.ts';
import { formatDate, session, stateName, t } from './state.ts';

export async function draftsView(): Promise<void> {
  const { drafts } = await api<{ drafts: Draft[] }>('GET', '/v1/drafts');
  const content: Child[] = [h('p', {}, t('drafts.intro'))];
  if (drafts.length === 0) content.push(h('p', {}, t('drafts.none')));
  else {
    content.push(
      h(
        'table',
        { class: 'responsive' },
        h('caption', {}, t('drafts.caption', { state: stateName(session.identity?.state) })),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            (['drafts.name', 'drafts.savedAt', 'drafts.savedBy'] as const).map((key) => h('th', { scope: 'col' }, t(key))),
            h('td', {}),
          ),
        ),
        h(
          'tbody',
          {},
          drafts.map((draft) => {
            const title = draft.title || t('drafts.untitled');
            return h(
              'tr',
              {},
              h(
                'td',
                { 'data-label': t('drafts.name') },
                h('a', { href: `#/submit?draft=${encodeURIComponent(draft.id)}`, 'aria-label': t('drafts.open', { title }) }, title),
              ),
              h('td', { 'data-label': t('drafts.savedAt') }, formatDate(draft.savedAt, true)),
              h('td', { 'data-label': t('drafts.savedBy') }, draft.savedBy),
              h(
                'td',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'danger',
                    'aria-label': t('drafts.delete', { title }),
                    onclick: () =>
                      void api('DELETE', `/v1/drafts/${encodeURIComponent(draft.id)}`).then(() => {
                        session.flash = t('drafts.deleted');
                        return session.route();
                      }),
                  },
                  t('drafts.delete', { title: '' }).trim(),
                ),
              ),
            );
          }),
        ),
      ),
    );
  }
  show(t('drafts.title'), content, '#/drafts');
}
