/// <reference lib="dom" />
/** The page around every view: the skip link, the header with navigation, language and sign-out, and `main`. */
import { type Child, h } from './dom.ts';
import { direction, isLanguage, languages, type MessageKey, translate } from './messages.ts';
import { auth, preferenceKey, session, stateName, t } from './state.ts';

const app = document.getElementById('app')!;

function navigation(current: string): HTMLElement {
  const links: [string, MessageKey][] = [
    ['#/submissions', 'nav.submissions'],
    ['#/obligations', 'nav.obligations'],
    ['#/submit', 'nav.submit'],
    ['#/drafts', 'nav.drafts'],
  ];
  if (session.identity?.groups.includes('mission-admin')) links.push(['#/focal-points', 'nav.focalPoints']);
  return h(
    'nav',
    { 'aria-label': t('nav.label') },
    h(
      'ul',
      {},
      // A link to the view already shown reloads it (its list may have changed).
      links.map(([href, key]) =>
        h(
          'li',
          {},
          h(
            'a',
            { href, 'aria-current': current.startsWith(href) ? 'page' : undefined, onclick: () => location.hash === href && void session.route() },
            t(key),
          ),
        ),
      ),
    ),
  );
}

function languagePicker(): HTMLElement {
  const select = h(
    'select',
    { id: 'language', onchange: (event: Event) => void setLanguage((event.target as HTMLSelectElement).value) },
    languages.map((code) =>
      h('option', { value: code, lang: code, selected: code === session.language }, translate(code, `languageName.${code}` as MessageKey)),
    ),
  );
  return h('div', {}, h('label', { for: 'language' }, t('app.language')), select);
}

async function setLanguage(value: string): Promise<void> {
  if (!isLanguage(value)) return;
  session.language = value;
  localStorage.setItem(preferenceKey, value);
  await session.redraw();
  document.getElementById('language')?.focus();
}

/** Replaces the page with a view: header, then `main` with the view's heading focused. */
export function show(title: string, content: Child[], current = ''): HTMLElement {
  document.documentElement.lang = session.language;
  document.documentElement.dir = direction(session.language);
  document.title = `${title} — ${t('app.name')}`;
  const heading = h('h1', { tabindex: '-1', id: 'page-title' }, title);
  const main = h('main', { id: 'main' }, heading, session.flash ? h('div', { class: 'notice', role: 'status' }, session.flash) : null, ...content);
  session.flash = undefined;
  const who = session.identity
    ? h('p', { class: 'who' }, t('app.signedInAs', { user: session.identity.username, state: stateName(session.identity.state) }))
    : null;
  const header = h(
    'header',
    { class: 'bar' },
    h('a', { class: 'title', href: session.identity ? '#/submissions' : '#/' }, t('app.name')),
    session.identity ? navigation(current) : null,
    h(
      'div',
      { class: 'tools' },
      languagePicker(),
      who,
      session.identity ? h('button', { type: 'button', class: 'secondary', onclick: signOut }, t('app.signOut')) : null,
    ),
  );
  app.replaceChildren(h('a', { class: 'skip', href: '#main', onclick: skipToMain }, t('app.skip')), header, main);
  heading.focus();
  return main;
}

function skipToMain(event: Event): void {
  event.preventDefault();
  document.getElementById('page-title')?.focus();
}

function signOut(): void {
  auth.signOut();
  location.hash = '#/';
}
