/// <reference lib="dom" />
/** A mission administrator's list of its State's focal points: invite, remove. */
import { api } from './api.ts';
import { h } from './dom.ts';
import { checkbox, checked, field, problemErrors, showErrors, value } from './forms.ts';
import { show } from './layout.ts';
import type { MessageKey } from './messages.ts';
import { session, stateName, t } from './state.ts';

interface FocalPoint {
  readonly username: string;
  readonly email?: string;
  readonly roles: readonly string[];
  readonly status?: string;
  readonly enabled?: boolean;
}

export async function focalPointsView(): Promise<void> {
  const state = stateName(session.identity?.state);
  if (!session.identity?.groups.includes('mission-admin'))
    return void show(t('focalPoints.title', { state }), [h('p', {}, t('focalPoints.notAdmin'))], '#/focal-points');
  const { focalPoints } = await api<{ focalPoints: FocalPoint[] }>('GET', '/v1/focal-points');
  const remove = async (username: string) => {
    if (!window.confirm(t('focalPoints.confirmRemove', { username }))) return;
    await api('DELETE', `/v1/focal-points/${encodeURIComponent(username)}`);
    session.flash = t('focalPoints.removed', { username });
    await focalPointsView();
  };
  const form: HTMLFormElement = h(
    'form',
    { novalidate: true, onsubmit: (event: Event) => void invite(event) },
    h('h2', {}, t('focalPoints.invite')),
    field('fp-username', t('focalPoints.username'), h('input', { type: 'text', autocomplete: 'off' }), { path: '/username' }),
    field('fp-email', t('focalPoints.email'), h('input', { type: 'email', autocomplete: 'off' }), { path: '/email' }),
    checkbox('fp-admin', t('focalPoints.missionAdmin'), false),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('focalPoints.send'))),
  );
  async function invite(event: Event): Promise<void> {
    event.preventDefault();
    const username = value('fp-username');
    try {
      await api('POST', '/v1/focal-points', { username, email: value('fp-email'), missionAdmin: checked('fp-admin') });
      session.flash = t('focalPoints.invited', { username });
      await focalPointsView();
    } catch (error) {
      const { errors, general } = problemErrors(error);
      showErrors(form, errors, general);
    }
  }
  show(
    t('focalPoints.title', { state }),
    [
      h('p', {}, t('focalPoints.intro')),
      h(
        'table',
        { class: 'responsive' },
        h('caption', {}, t('focalPoints.caption', { state })),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            (['focalPoints.username', 'focalPoints.email', 'focalPoints.roles'] as const).map((key) => h('th', { scope: 'col' }, t(key))),
            h('td', {}),
          ),
        ),
        h(
          'tbody',
          {},
          focalPoints.map((point) =>
            h(
              'tr',
              {},
              h('td', { 'data-label': t('focalPoints.username') }, point.username),
              h('td', { 'data-label': t('focalPoints.email') }, point.email ?? ''),
              h('td', { 'data-label': t('focalPoints.roles') }, point.roles.map((role) => t(`role.${role}` as MessageKey)).join(', ')),
              h(
                'td',
                {},
                point.username === session.identity?.username
                  ? null
                  : h(
                      'button',
                      { type: 'button', class: 'danger', onclick: () => void remove(point.username) },
                      t('focalPoints.remove', { username: point.username }),
                    ),
              ),
            ),
          ),
        ),
      ),
      form,
    ],
    '#/focal-points',
  );
}
