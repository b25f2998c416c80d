/// <reference lib="dom" />
/**
 * The missions' portal in the browser: sign-in, then the State's submissions, what it owes, the
 * report form with attachments and drafts, and (for mission administrators) its focal points.
 *
 * Plain DOM code, one view per hash route (`#/submissions`, `#/submissions/MPR-2026-0001`,
 * `#/obligations`, `#/submit`, `#/drafts`, `#/focal-points`): no token or password ever appears
 * in a URL. Every text comes from ./messages.ts in the reader's language; everything the API or
 * a user supplies is shown as text, never parsed as HTML.
 */
import type { PageData } from '../page.ts';
import { Auth, type Identity, type SignInStep } from './auth.ts';
import { type Child, h } from './dom.ts';
import { direction, isLanguage, type Language, languages, type MessageKey, translate } from './messages.ts';

const config = JSON.parse(document.getElementById('portal-config')?.textContent ?? '{}') as PageData;
const auth = new Auth(config);

interface StateEntry {
  readonly code: string;
  readonly nameEn: string;
  readonly nameFr: string;
  readonly sortKey: string;
  readonly language: string;
}

interface FieldError {
  readonly path: string;
  readonly message: string;
}

interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
}

const preferenceKey = 'mpr.portal.language';
/** Form contents kept in this tab while the user signs in again after the session ended. */
const unsentKey = 'mpr.portal.unsent';

let language: Language = isLanguage(localStorage.getItem(preferenceKey)) ? (localStorage.getItem(preferenceKey) as Language) : 'en';
let identity: Identity | undefined;
let states: StateEntry[] = [];
let flash: string | undefined;
/** Draws the current view again (after a change of language). */
let redraw: () => void | Promise<void> = () => route();

const t = (key: MessageKey, values: Record<string, string | number> = {}) => translate(language, key, values);

// ---------------------------------------------------------------------------------------------
// The API

class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const send = (token: string) =>
    fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  if (!identity) throw new ApiError(401, { title: 'Unauthorized' });
  let response: Response;
  try {
    response = await send(identity.idToken);
    if (response.status === 401) {
      const refreshed = await auth.refresh();
      if (refreshed) response = await send(refreshed.idToken);
    }
  } catch {
    throw new ApiError(0, { detail: t('errors.network') });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) throw new ApiError(response.status, (parsed ?? {}) as Problem);
  return parsed as T;
}

// ---------------------------------------------------------------------------------------------
// Layout

function stateName(code: string | undefined): string {
  const entry = states.find((state) => state.code === code);
  if (!entry) return code ?? '';
  return language === 'fr' ? entry.nameFr : entry.nameEn;
}

function formatDate(iso: string, withTime = false): string {
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', ...(withTime ? { timeStyle: 'short' } : {}), timeZone: 'UTC' }).format(date);
}

const app = document.getElementById('app')!;

function navigation(current: string): HTMLElement {
  const links: [string, MessageKey][] = [
    ['#/submissions', 'nav.submissions'],
    ['#/obligations', 'nav.obligations'],
    ['#/submit', 'nav.submit'],
    ['#/drafts', 'nav.drafts'],
  ];
  if (identity?.groups.includes('mission-admin')) links.push(['#/focal-points', 'nav.focalPoints']);
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
          h('a', { href, 'aria-current': current.startsWith(href) ? 'page' : undefined, onclick: () => location.hash === href && void route() }, t(key)),
        ),
      ),
    ),
  );
}

function languagePicker(): HTMLElement {
  const select = h(
    'select',
    { id: 'language', onchange: (event: Event) => void setLanguage((event.target as HTMLSelectElement).value) },
    languages.map((code) => h('option', { value: code, lang: code, selected: code === language }, translate(code, `languageName.${code}` as MessageKey))),
  );
  return h('div', {}, h('label', { for: 'language' }, t('app.language')), select);
}

async function setLanguage(value: string): Promise<void> {
  if (!isLanguage(value)) return;
  language = value;
  localStorage.setItem(preferenceKey, value);
  // What is typed in the report form stays through the change of language.
  const typed = document.getElementById('kind') ? readForm() : undefined;
  await redraw();
  if (typed) fillForm(typed);
  document.getElementById('language')?.focus();
}

/** Replaces the page with a view: header, then `main` with the view's heading focused. */
function show(title: string, content: Child[], current = ''): HTMLElement {
  document.documentElement.lang = language;
  document.documentElement.dir = direction(language);
  document.title = `${title} — ${t('app.name')}`;
  const heading = h('h1', { tabindex: '-1', id: 'page-title' }, title);
  const main = h('main', { id: 'main' }, heading, flash ? h('div', { class: 'notice', role: 'status' }, flash) : null, ...content);
  flash = undefined;
  const who = identity ? h('p', { class: 'who' }, t('app.signedInAs', { user: identity.username, state: stateName(identity.state) })) : null;
  const header = h(
    'header',
    { class: 'bar' },
    h('a', { class: 'title', href: identity ? '#/submissions' : '#/' }, t('app.name')),
    identity ? navigation(current) : null,
    h(
      'div',
      { class: 'tools' },
      languagePicker(),
      who,
      identity ? h('button', { type: 'button', class: 'secondary', onclick: signOut }, t('app.signOut')) : null,
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

// ---------------------------------------------------------------------------------------------
// Forms and their errors

function field(id: string, label: string, control: HTMLElement, options: { hint?: string; path?: string } = {}): HTMLElement {
  const described = [options.hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  control.id = id;
  control.setAttribute('aria-describedby', described);
  if (options.path) control.dataset['path'] = options.path;
  return h(
    'div',
    { class: 'field', 'data-field': id },
    h('label', { for: id }, label),
    options.hint ? h('p', { class: 'hint', id: `${id}-hint` }, options.hint) : null,
    h('p', { class: 'error-text', id: `${id}-error`, hidden: true }),
    control,
  );
}

function choices(
  id: string,
  legend: string,
  type: 'checkbox' | 'radio',
  values: readonly { value: string; label: string; checked?: boolean }[],
  options: { path?: string; hint?: string } = {},
): HTMLElement {
  const set = h(
    'fieldset',
    { id, 'aria-describedby': [options.hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ') },
    h('legend', {}, legend),
    options.hint ? h('p', { class: 'hint', id: `${id}-hint` }, options.hint) : null,
    h('p', { class: 'error-text', id: `${id}-error`, hidden: true }),
    values.map((choice) =>
      h(
        'div',
        { class: 'choice' },
        h('input', { type, id: `${id}-${choice.value}`, name: id, value: choice.value, checked: choice.checked }),
        h('label', { for: `${id}-${choice.value}` }, choice.label),
      ),
    ),
  );
  if (options.path) set.dataset['path'] = options.path;
  return set;
}

function checkbox(id: string, label: string, checked: boolean, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'choice' },
    h('input', { type: 'checkbox', id, checked, 'aria-describedby': hint ? `${id}-hint` : undefined }),
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );
}

function clearErrors(form: HTMLElement): void {
  form.querySelector('.summary')?.remove();
  for (const text of form.querySelectorAll<HTMLElement>('.error-text')) {
    text.hidden = true;
    text.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
}

/** The element an error's JSON pointer names: the field with that path, or the nearest enclosing one. */
function fieldFor(form: HTMLElement, path: string): HTMLElement | undefined {
  const fields = [...form.querySelectorAll<HTMLElement>('[data-path]')];
  let best: HTMLElement | undefined;
  for (const candidate of fields) {
    const candidatePath = candidate.dataset['path'] ?? '';
    if (candidate.closest('[hidden]')) continue;
    if (path === candidatePath || path.startsWith(`${candidatePath}/`)) {
      if (!best || candidatePath.length > (best.dataset['path'] ?? '').length) best = candidate;
    }
  }
  return best;
}

function labelOf(form: HTMLElement, control: HTMLElement): string {
  if (control.tagName === 'FIELDSET') return control.querySelector('legend')?.textContent ?? '';
  return form.querySelector(`label[for="${control.id}"]`)?.textContent ?? control.id;
}

/** Shows each error beside its field and in a summary at the top of the form, which takes the focus. */
function showErrors(form: HTMLElement, errors: readonly FieldError[], general?: string): void {
  clearErrors(form);
  const items: HTMLElement[] = [];
  for (const error of errors) {
    const control = fieldFor(form, error.path);
    if (!control) {
      items.push(h('li', {}, error.path ? `${error.path}: ${error.message}` : error.message));
      continue;
    }
    control.setAttribute('aria-invalid', 'true');
    const text = document.getElementById(`${control.id}-error`);
    if (text) {
      text.hidden = false;
      text.textContent = text.textContent ? `${text.textContent} ${error.message}` : error.message;
    }
    items.push(
      h('li', {}, h('a', { href: `#${control.id}`, onclick: (event: Event) => focusField(event, control) }, `${labelOf(form, control)}: ${error.message}`)),
    );
  }
  if (general) items.unshift(h('li', {}, general));
  const summary = h(
    'div',
    { class: 'summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, t('errors.summary')),
    h('ul', {}, items),
  );
  form.prepend(summary);
  summary.focus();
}

function focusField(event: Event, control: HTMLElement): void {
  event.preventDefault();
  const target = control.tagName === 'FIELDSET' ? control.querySelector<HTMLElement>('input') : control;
  target?.focus();
}

function problemErrors(error: unknown): { errors: FieldError[]; general?: string } {
  if (error instanceof ApiError) {
    if (error.problem.errors?.length) return { errors: [...error.problem.errors] };
    return {
      errors: [],
      general: error.status === 0 ? t('errors.network') : t('errors.problem', { detail: error.problem.detail ?? error.problem.title ?? String(error.status) }),
    };
  }
  return { errors: [], general: String(error) };
}

function value(id: string): string {
  return (document.getElementById(id) as HTMLInputElement | null)?.value.trim() ?? '';
}

function checked(id: string): boolean {
  return (document.getElementById(id) as HTMLInputElement | null)?.checked ?? false;
}

function checkedValues(id: string): string[] {
  return [...document.querySelectorAll<HTMLInputElement>(`input[name="${id}"]:checked`)].map((input) => input.value);
}

// ---------------------------------------------------------------------------------------------
// Sign-in

function signInView(): void {
  redraw = signInView;
  const form = h(
    'form',
    { novalidate: true, onsubmit: (event: Event) => void submitSignIn(event, form) },
    h('p', {}, t('signIn.intro')),
    field('username', t('signIn.username'), h('input', { type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' }), {
      path: '/username',
    }),
    field('password', t('signIn.password'), h('input', { type: 'password', autocomplete: 'current-password' }), { path: '/password' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('signIn.submit'))),
    h('p', {}, h('a', { href: '#/forgot-password' }, t('signIn.forgot'))),
  );
  show(t('signIn.title'), [form]);
}

function requireFilled(form: HTMLElement, ids: [string, string][]): boolean {
  const missing = ids.filter(([id]) => value(id) === '').map(([, path]) => ({ path, message: t('errors.required') }));
  if (missing.length) showErrors(form, missing);
  return missing.length === 0;
}

async function submitSignIn(event: Event, form: HTMLElement): Promise<void> {
  event.preventDefault();
  if (
    !requireFilled(form, [
      ['username', '/username'],
      ['password', '/password'],
    ])
  )
    return;
  try {
    await afterStep(await auth.signIn(value('username'), value('password')));
  } catch (error) {
    const failure = error as { code?: string; message?: string };
    const wrong = failure.code === 'NotAuthorizedException' || failure.code === 'UserNotFoundException';
    showErrors(form, [], wrong ? t('signIn.wrong') : t('signIn.failed', { message: failure.message ?? '' }));
  }
}

async function afterStep(step: SignInStep): Promise<void> {
  if (step.kind === 'new-password') return newPasswordView();
  if (step.kind === 'totp') return totpView();
  if (step.kind === 'mfa-setup') return mfaSetupView(step.secret);
  await signedIn();
}

function newPasswordView(): void {
  redraw = newPasswordView;
  const form = h(
    'form',
    { novalidate: true, onsubmit: (event: Event) => void submitNewPassword(event, form) },
    h('p', {}, t('newPassword.intro')),
    field('new-password', t('newPassword.password'), h('input', { type: 'password', autocomplete: 'new-password' }), { path: '/newPassword' }),
    field('confirm-password', t('newPassword.confirm'), h('input', { type: 'password', autocomplete: 'new-password' }), { path: '/confirmPassword' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('newPassword.submit'))),
  );
  show(t('newPassword.title'), [form]);
}

async function submitNewPassword(event: Event, form: HTMLElement): Promise<void> {
  event.preventDefault();
  if (
    !requireFilled(form, [
      ['new-password', '/newPassword'],
      ['confirm-password', '/confirmPassword'],
    ])
  )
    return;
  if (value('new-password') !== value('confirm-password')) return showErrors(form, [{ path: '/confirmPassword', message: t('newPassword.mismatch') }]);
  try {
    await afterStep(await auth.completeNewPassword(value('new-password')));
  } catch (error) {
    showErrors(form, [{ path: '/newPassword', message: (error as { message?: string }).message ?? String(error) }]);
  }
}

function totpView(): void {
  redraw = totpView;
  const form = h(
    'form',
    { novalidate: true, onsubmit: (event: Event) => void submitTotp(event, form, false) },
    h('p', {}, t('totp.intro')),
    field('totp-code', t('totp.code'), h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6' }), {
      path: '/code',
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('totp.submit'))),
  );
  show(t('totp.title'), [form]);
}

function mfaSetupView(secret: string): void {
  redraw = () => mfaSetupView(secret);
  const form = h(
    'form',
    { novalidate: true, onsubmit: (event: Event) => void submitTotp(event, form, true) },
    h('p', {}, t('mfaSetup.intro')),
    h('p', {}, h('strong', {}, `${t('mfaSetup.key')}: `), h('span', { class: 'code' }, secret)),
    field('totp-code', t('totp.code'), h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6' }), { path: '/code' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('mfaSetup.submit'))),
  );
  show(t('mfaSetup.title'), [form]);
}

async function submitTotp(event: Event, form: HTMLElement, setup: boolean): Promise<void> {
  event.preventDefault();
  if (!requireFilled(form, [['totp-code', '/code']])) return;
  try {
    await afterStep(setup ? await auth.verifyTotpSetup(value('totp-code')) : await auth.sendTotp(value('totp-code')));
  } catch {
    showErrors(form, [{ path: '/code', message: t('totp.wrong') }]);
  }
}

function forgotPasswordView(): void {
  redraw = forgotPasswordView;
  const form: HTMLFormElement = h(
    'form',
    { novalidate: true, onsubmit: (event: Event) => void submitForgot(event, form) },
    h('p', {}, t('forgot.intro')),
    field('username', t('signIn.username'), h('input', { type: 'text', autocomplete: 'username' }), { path: '/username' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'send-code' }, t('forgot.send'))),
    h('div', { id: 'reset', hidden: true }, h('p', { id: 'code-sent', role: 'status' })),
    h('p', {}, h('a', { href: '#/' }, t('forgot.back'))),
  );
  show(t('forgot.title'), [form]);
}

async function submitForgot(event: Event, form: HTMLFormElement): Promise<void> {
  event.preventDefault();
  const reset = document.getElementById('reset')!;
  if (reset.hidden) {
    if (!requireFilled(form, [['username', '/username']])) return;
    try {
      const destination = await auth.forgotPassword(value('username'));
      clearErrors(form);
      reset.hidden = false;
      document.getElementById('code-sent')!.textContent = t('forgot.sent', { destination });
      reset.append(
        field('reset-code', t('forgot.code'), h('input', { type: 'text', autocomplete: 'one-time-code' }), { path: '/code' }),
        field('reset-password', t('forgot.password'), h('input', { type: 'password', autocomplete: 'new-password' }), { path: '/password' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('forgot.submit'))),
      );
      document.getElementById('send-code')!.parentElement!.remove();
      document.getElementById('reset-code')!.focus();
    } catch (error) {
      showErrors(form, [], (error as { message?: string }).message);
    }
    return;
  }
  if (
    !requireFilled(form, [
      ['reset-code', '/code'],
      ['reset-password', '/password'],
    ])
  )
    return;
  try {
    await auth.confirmPassword(value('username'), value('reset-code'), value('reset-password'));
    flash = t('forgot.done');
    location.hash = '#/';
    signInView();
  } catch (error) {
    showErrors(form, [{ path: '/code', message: (error as { message?: string }).message ?? String(error) }]);
  }
}

async function signedIn(): Promise<void> {
  await loadStates();
  if (!localStorage.getItem(preferenceKey)) {
    const working = states.find((state) => state.code === identity?.state)?.language;
    if (isLanguage(working)) language = working;
  }
  if (sessionStorage.getItem(unsentKey)) location.hash = '#/submit';
  else if (!location.hash || location.hash === '#/' || location.hash.startsWith('#/forgot')) location.hash = '#/submissions';
  await route();
}

async function loadStates(): Promise<void> {
  if (states.length) return;
  const response = await fetch('/portal/states.json');
  if (response.ok) states = ((await response.json()) as { states: StateEntry[] }).states;
}

// ---------------------------------------------------------------------------------------------
// Submissions

interface Decision {
  readonly value: boolean;
  readonly decidedBy: string;
}
interface Receipt {
  readonly reference: string;
  readonly receivedAt: string;
  readonly status: 'received' | 'circulated' | 'not-circulated';
  readonly decisions: Record<'circulate' | 'publishFullText' | 'summarize', Decision>;
}
interface SubmissionView extends Receipt {
  readonly cycleId: string;
  readonly source: 'upload' | 'email';
  readonly language: string;
  readonly note: { date: string; reference?: string };
  readonly items: readonly (Record<string, unknown> & {
    kind: 'violation' | 'follow-up' | 'views';
    attachments?: { fileName: string; size: number; contentType: string }[];
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

async function submissionsView(): Promise<void> {
  const { submissions } = await api<{ submissions: Receipt[] }>('GET', '/v1/submissions');
  const state = stateName(identity?.state);
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
            (['submissions.reference', 'submissions.received', 'submissions.status', 'submissions.decisions'] as const).map((key) =>
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

async function submissionView(reference: string, received: boolean): Promise<void> {
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
  const attachments = submission.items.flatMap((item) => item.attachments ?? []);
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
    h('h2', {}, t('detail.attachments')),
    attachments.length
      ? h(
          'ul',
          { class: 'files' },
          attachments.map((file) => h('li', {}, `${file.fileName} (${Math.ceil(file.size / 1024)} KB)`)),
        )
      : h('p', {}, t('detail.noAttachments')),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => window.print() }, received ? t('receipt.print') : t('app.print')),
      h('a', { href: '#/submissions', class: 'button secondary' }, t('detail.back')),
    ),
  ];
  show(received ? t('receipt.title', { reference }) : t('detail.title', { reference }), content, '#/submissions');
}

// ---------------------------------------------------------------------------------------------
// Obligations

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

async function obligationsView(): Promise<void> {
  const { obligations } = await api<{ obligations: OwedObligation[] }>('GET', '/v1/obligations');
  const today = new Date().toISOString().slice(0, 10);
  const content: Child[] = [h('p', {}, t('obligations.intro'))];
  if (obligations.length === 0) content.push(h('p', {}, t('obligations.none')));
  else {
    content.push(
      h(
        'table',
        { class: 'responsive' },
        h('caption', {}, t('obligations.caption', { state: stateName(identity?.state) })),
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

// ---------------------------------------------------------------------------------------------
// The report form, drafts and attachments

type FormValues = Record<string, string | boolean | string[]>;

interface Draft {
  readonly id: string;
  readonly title: string;
  readonly savedAt: string;
  readonly savedBy: string;
  readonly form: FormValues;
}

function stateInput(id: string, label: string, path: string, initial = ''): HTMLElement {
  return field(id, label, h('input', { type: 'text', list: 'state-names', autocomplete: 'off', value: initial }), { hint: t('submit.statesHint'), path });
}

/** A State typed by name, as its code; undefined when the name is not one of the list's. */
function stateCodeOf(name: string): string | undefined {
  const wanted = name.trim().toLocaleLowerCase(language);
  return states.find((state) => [state.nameEn, state.nameFr].some((candidate) => candidate.toLocaleLowerCase(language) === wanted))?.code;
}

const formFieldIds = [
  'note-date',
  'note-reference',
  'report-language',
  'occurred-in',
  'city',
  'incident-date',
  'mission-state',
  'facts',
  'offender-known',
  'answers',
  'justice-description',
  'preventive-description',
  'views-text',
  'circulate',
] as const;
const formChoiceIds = ['kind', 'affected', 'violation-kinds', 'justice', 'preventive'] as const;

function readForm(): FormValues {
  const values: FormValues = {};
  for (const id of formFieldIds) {
    const element = document.getElementById(id) as HTMLInputElement | null;
    if (!element) continue;
    values[id] = element.type === 'checkbox' ? element.checked : element.value;
  }
  for (const id of formChoiceIds) values[id] = checkedValues(id);
  return values;
}

function fillForm(values: FormValues): void {
  for (const [id, content] of Object.entries(values)) {
    if (Array.isArray(content)) {
      for (const input of document.querySelectorAll<HTMLInputElement>(`input[name="${id}"]`)) input.checked = content.includes(input.value);
      continue;
    }
    const element = document.getElementById(id) as HTMLInputElement | null;
    if (!element) continue;
    if (element.type === 'checkbox') element.checked = content === true;
    else element.value = String(content);
  }
  showKind();
}

function showKind(): void {
  const kind = checkedValues('kind')[0] ?? 'violation';
  for (const section of document.querySelectorAll<HTMLElement>('[data-kind]')) section.hidden = !(section.dataset['kind'] ?? '').split(' ').includes(kind);
}

/** The request body the API takes, from the form; a State name not in the list is an error for that field. */
function bodyOf(values: FormValues, attachments: unknown[]): { body?: unknown; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (id: string) => String(values[id] ?? '').trim();
  const list = (id: string) => (Array.isArray(values[id]) ? (values[id] as string[]) : []);
  const optional = <T>(content: string, wrap: (value: string) => T) => (content ? wrap(content) : undefined);
  const kind = list('kind')[0] ?? 'violation';
  const stateField = (id: string, path: string) => {
    const name = text(id);
    if (!name) return '';
    const code = stateCodeOf(name);
    if (!code) errors.push({ path, message: t('errors.chooseState') });
    return code ?? '';
  };
  let item: Record<string, unknown>;
  if (kind === 'violation') {
    item = {
      kind,
      occurredIn: stateField('occurred-in', '/items/0/occurredIn'),
      ...(optional(text('city'), (city) => ({ city })) ?? {}),
      incidentDate: text('incident-date'),
      affected: { kinds: list('affected'), missionState: stateField('mission-state', '/items/0/affected/missionState') },
      violationKinds: list('violation-kinds'),
      facts: text('facts'),
      allegedOffender: { known: values['offender-known'] === true },
      circulate: values['circulate'] === true,
      attachments,
    };
  } else if (kind === 'follow-up') {
    item = {
      kind,
      answers: text('answers'),
      ...(list('justice').length || text('justice-description')
        ? { justiceMeasures: { taken: list('justice'), description: text('justice-description') } }
        : {}),
      ...(list('preventive').length || text('preventive-description')
        ? { preventiveMeasures: { taken: list('preventive'), description: text('preventive-description') } }
        : {}),
      circulate: values['circulate'] === true,
      attachments,
    };
  } else {
    item = { kind, text: text('views-text'), attachments };
  }
  const body = {
    formVersion: config.formVersion,
    language: text('report-language'),
    note: { date: text('note-date'), ...(optional(text('note-reference'), (reference) => ({ reference })) ?? {}) },
    items: [item],
  };
  return { body, errors };
}

function draftTitle(values: FormValues): string {
  const kind = (Array.isArray(values['kind']) ? values['kind'][0] : undefined) ?? 'violation';
  const date = String(values['note-date'] ?? '');
  return [t(`kind.${kind}` as MessageKey), date, String(values['note-reference'] ?? '')].filter(Boolean).join(' · ');
}

async function submitFormView(params: URLSearchParams): Promise<void> {
  await loadStates();
  const draftId = params.get('draft') ?? undefined;
  const draft = draftId ? await api<Draft>('GET', `/v1/drafts/${encodeURIComponent(draftId)}`) : undefined;
  const idempotencyKey = crypto.randomUUID();
  const today = new Date().toISOString().slice(0, 10);
  const initialKind = draft ? undefined : (params.get('kind') ?? 'violation');
  const vocabulary = (id: string, legend: string, prefix: string, values: readonly string[], path: string) =>
    choices(
      id,
      legend,
      'checkbox',
      values.map((entry) => ({ value: entry, label: t(`${prefix}.${entry}` as MessageKey) })),
      { path },
    );
  let currentDraftId = draftId;

  const form: HTMLFormElement = h(
    'form',
    { novalidate: true, onsubmit: (event: Event) => void send(event) },
    h('p', {}, t('submit.intro')),
    h(
      'datalist',
      { id: 'state-names' },
      [...states].sort((a, b) => a.sortKey.localeCompare(b.sortKey)).map((state) => h('option', { value: language === 'fr' ? state.nameFr : state.nameEn })),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('submit.note')),
      field('note-date', t('submit.noteDate'), h('input', { type: 'date', value: today, max: today }), { path: '/note/date' }),
      field('note-reference', t('submit.noteReference'), h('input', { type: 'text' }), { path: '/note/reference' }),
      field(
        'report-language',
        t('submit.language'),
        h(
          'select',
          {},
          config.officialLanguages.map((code) => h('option', { value: code, selected: code === language }, t(`officialLanguage.${code}` as MessageKey))),
        ),
        { path: '/language' },
      ),
    ),
    choices(
      'kind',
      t('submit.kind'),
      'radio',
      (['violation', 'follow-up', 'views'] as const).map((kind) => ({
        value: kind,
        label: t(`submit.kind.${kind}` as MessageKey),
        checked: kind === initialKind,
      })),
      { path: '/items/0/kind' },
    ),
    h(
      'div',
      { 'data-kind': 'violation' },
      stateInput('occurred-in', t('submit.occurredIn'), '/items/0/occurredIn'),
      field('city', t('submit.city'), h('input', { type: 'text' }), { path: '/items/0/city' }),
      field('incident-date', t('submit.incidentDate'), h('input', { type: 'date', max: today }), {
        hint: t('submit.incidentDateHint'),
        path: '/items/0/incidentDate',
      }),
      vocabulary('affected', t('submit.affected'), 'affected', config.affectedKinds, '/items/0/affected/kinds'),
      stateInput('mission-state', t('submit.missionState'), '/items/0/affected/missionState', stateName(identity?.state)),
      vocabulary('violation-kinds', t('submit.violationKinds'), 'violation', config.violationKinds, '/items/0/violationKinds'),
      field('facts', t('submit.facts'), h('textarea', { rows: '8' }), { path: '/items/0/facts' }),
      checkbox('offender-known', t('submit.offenderKnown'), false),
    ),
    h(
      'div',
      { 'data-kind': 'follow-up' },
      field('answers', t('submit.answers'), h('input', { type: 'text', value: params.get('answers') ?? '' }), {
        hint: t('submit.answersHint'),
        path: '/items/0/answers',
      }),
      vocabulary('justice', t('submit.justice'), 'justice', config.justiceMeasureKinds, '/items/0/justiceMeasures/taken'),
      field('justice-description', t('submit.justiceDescription'), h('textarea', { rows: '5' }), { path: '/items/0/justiceMeasures/description' }),
      vocabulary('preventive', t('submit.preventive'), 'preventive', config.preventiveMeasureKinds, '/items/0/preventiveMeasures/taken'),
      field('preventive-description', t('submit.preventiveDescription'), h('textarea', { rows: '5' }), { path: '/items/0/preventiveMeasures/description' }),
    ),
    h('div', { 'data-kind': 'views' }, field('views-text', t('submit.views'), h('textarea', { rows: '8' }), { path: '/items/0/text' })),
    h(
      'fieldset',
      { 'data-kind': 'violation follow-up' },
      h('legend', {}, t('submit.decisions')),
      h('p', { class: 'hint', id: 'decisions-hint' }, t('submit.decisionsHint')),
      checkbox('circulate', t('submit.circulate'), true),
    ),
    field(
      'attachments',
      t('submit.attachments'),
      h('input', { type: 'file', multiple: true, accept: Object.values(config.attachmentTypes).flat().join(',') }),
      { hint: t('submit.attachmentsHint'), path: '/items/0/attachments' },
    ),
    h('ul', { class: 'files', id: 'uploads', 'aria-live': 'polite' }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', id: 'send' }, t('submit.send')),
      h('button', { type: 'button', class: 'secondary', onclick: () => void saveDraft() }, t('submit.saveDraft')),
      h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('app.print')),
    ),
    h('p', { id: 'form-status', role: 'status' }),
  );
  form.addEventListener('change', (event) => {
    if ((event.target as HTMLInputElement).name === 'kind') showKind();
  });

  show(draft ? t('submit.titleDraft', { title: draft.title }) : t('submit.title'), [form], '#/submit');
  if (draft) fillForm(draft.form);
  const unsent = sessionStorage.getItem(unsentKey);
  if (unsent) {
    sessionStorage.removeItem(unsentKey);
    const kept = JSON.parse(unsent) as { form: FormValues; draftId?: string };
    fillForm(kept.form);
    currentDraftId = kept.draftId ?? currentDraftId;
  }
  showKind();

  async function saveDraft(): Promise<void> {
    const values = readForm();
    try {
      const saved = await api<Draft>(currentDraftId ? 'PUT' : 'POST', currentDraftId ? `/v1/drafts/${encodeURIComponent(currentDraftId)}` : '/v1/drafts', {
        title: draftTitle(values),
        form: values,
      });
      currentDraftId = saved.id;
      clearErrors(form);
      document.getElementById('form-status')!.textContent = t('submit.draftSaved', {
        time: new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(new Date(saved.savedAt)),
      });
    } catch (error) {
      keepIfSignedOut(error, values);
      const { errors, general } = problemErrors(error);
      showErrors(form, errors, general);
    }
  }

  function keepIfSignedOut(error: unknown, values: FormValues): void {
    if (error instanceof ApiError && error.status === 401) {
      sessionStorage.setItem(unsentKey, JSON.stringify({ form: values, draftId: currentDraftId }));
      auth.signOut();
      flash = t('errors.session');
      location.hash = '#/';
    }
  }

  async function send(event: Event): Promise<void> {
    event.preventDefault();
    const values = readForm();
    const button = document.getElementById('send') as HTMLButtonElement;
    button.disabled = true;
    document.getElementById('form-status')!.textContent = t('submit.sending');
    try {
      const precheck = bodyOf(values, []);
      if (precheck.errors.length) return showErrors(form, precheck.errors);
      const attachments = await uploadAll((document.getElementById('attachments') as HTMLInputElement).files);
      if (!attachments) return;
      const { body } = bodyOf(values, attachments);
      const receipt = await api<Receipt>('POST', '/v1/submissions', body, { 'idempotency-key': idempotencyKey });
      if (currentDraftId) await api('DELETE', `/v1/drafts/${encodeURIComponent(currentDraftId)}`).catch(() => undefined);
      location.hash = `#/submissions/${encodeURIComponent(receipt.reference)}?received=1`;
    } catch (error) {
      keepIfSignedOut(error, values);
      const { errors, general } = problemErrors(error);
      showErrors(form, errors, general);
    } finally {
      button.disabled = false;
      const status = document.getElementById('form-status');
      if (status) status.textContent = '';
    }
  }

  async function uploadAll(files: FileList | null): Promise<unknown[] | undefined> {
    const list = document.getElementById('uploads')!;
    list.replaceChildren();
    const described: unknown[] = [];
    for (const file of files ? [...files] : []) {
      const contentType = contentTypeOf(file);
      if (!contentType) {
        showErrors(form, [{ path: '/items/0/attachments', message: t('errors.fileType', { file: file.name }) }]);
        return undefined;
      }
      const progress = h('progress', { max: '100', value: '0', 'aria-label': t('submit.upload', { file: file.name }) });
      const line = h('li', {}, h('span', {}, `${file.name} `), progress);
      list.append(line);
      const sha256 = await digest(file);
      const description = { fileName: file.name, contentType, size: file.size, sha256 };
      const upload = await api<{ key: string; uploadUrl: string; headers: Record<string, string> }>('POST', '/v1/attachments', description);
      const ok = await put(upload.uploadUrl, upload.headers, file, (fraction) => (progress.value = Math.round(fraction * 100)));
      line.firstChild!.textContent = t(ok ? 'submit.uploaded' : 'submit.uploadFailed', { file: file.name });
      if (!ok) {
        showErrors(form, [{ path: '/items/0/attachments', message: t('submit.uploadFailed', { file: file.name }) }]);
        return undefined;
      }
      progress.value = 100;
      described.push({ ...description, key: upload.key });
    }
    return described;
  }
}

function contentTypeOf(file: File): string | undefined {
  const lower = file.name.toLowerCase();
  const types = config.attachmentTypes as Record<string, readonly string[]>;
  return Object.keys(types).find((type) => types[type]!.some((ending) => lower.endsWith(ending)));
}

async function digest(file: File): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(hash)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** PUTs a file to its presigned URL, reporting progress (fetch cannot report an upload's progress). */
function put(url: string, headers: Record<string, string>, file: File, onProgress: (fraction: number) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    for (const [name, content] of Object.entries(headers)) if (name.toLowerCase() !== 'content-length') request.setRequestHeader(name, content);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => resolve(request.status >= 200 && request.status < 300);
    request.onerror = () => resolve(false);
    request.send(file);
  });
}

async function draftsView(): Promise<void> {
  const { drafts } = await api<{ drafts: Draft[] }>('GET', '/v1/drafts');
  const content: Child[] = [h('p', {}, t('drafts.intro'))];
  if (drafts.length === 0) content.push(h('p', {}, t('drafts.none')));
  else {
    content.push(
      h(
        'table',
        { class: 'responsive' },
        h('caption', {}, t('drafts.caption', { state: stateName(identity?.state) })),
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
                        flash = t('drafts.deleted');
                        return route();
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

// ---------------------------------------------------------------------------------------------
// Focal points (mission administrators)

interface FocalPoint {
  readonly username: string;
  readonly email?: string;
  readonly roles: readonly string[];
  readonly status?: string;
  readonly enabled?: boolean;
}

async function focalPointsView(): Promise<void> {
  const state = stateName(identity?.state);
  if (!identity?.groups.includes('mission-admin'))
    return void show(t('focalPoints.title', { state }), [h('p', {}, t('focalPoints.notAdmin'))], '#/focal-points');
  const { focalPoints } = await api<{ focalPoints: FocalPoint[] }>('GET', '/v1/focal-points');
  const remove = async (username: string) => {
    if (!window.confirm(t('focalPoints.confirmRemove', { username }))) return;
    await api('DELETE', `/v1/focal-points/${encodeURIComponent(username)}`);
    flash = t('focalPoints.removed', { username });
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
      flash = t('focalPoints.invited', { username });
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
                point.username === identity?.username
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

// ---------------------------------------------------------------------------------------------
// Routing

async function route(): Promise<void> {
  redraw = route;
  const [path = '', query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  if (!identity) {
    if (path === '/forgot-password') return forgotPasswordView();
    return signInView();
  }
  try {
    const submission = /^\/submissions\/(.+)$/.exec(path);
    if (submission) return await submissionView(decodeURIComponent(submission[1]!), params.get('received') === '1');
    if (path === '/obligations') return await obligationsView();
    if (path === '/submit') return await submitFormView(params);
    if (path === '/drafts') return await draftsView();
    if (path === '/focal-points') return await focalPointsView();
    return await submissionsView();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      auth.signOut();
      flash = t('errors.session');
      return signInView();
    }
    const { general } = problemErrors(error);
    show(t('errors.summary'), [h('p', { role: 'alert' }, general ?? String(error))]);
  }
}

auth.onChange = (current) => {
  identity = current;
};

window.addEventListener('hashchange', () => void route());

void (async () => {
  identity = await auth.restore();
  if (identity) await signedIn();
  else await route();
})();
