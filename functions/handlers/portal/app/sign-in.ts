/// <reference lib="dom" />
/**
 * Signing in and its challenges (a new password for a temporary one, a TOTP code, setting TOTP
 * up), and resetting a forgotten password.
 */
import type { CognitoFailure, SignInStep } from './auth.ts';
import { h } from './dom.ts';
import { clearErrors, field, requireFilled, showErrors, value } from './forms.ts';
import { show } from './layout.ts';
import { isLanguage } from './messages.ts';
import { auth, loadStates, preferenceKey, session, t, unsentKey } from './state.ts';

/** The sign-in form; `problem`, when a sign-in under way has ended, is shown in its error summary. */
export function signInView(problem?: string): void {
  session.redraw = () => signInView();
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
  if (problem) showErrors(form, [], problem);
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
  if (step.kind === 'mfa-setup') return mfaSetupView(step.secret, step.username);
  await signedIn();
}

function newPasswordView(): void {
  session.redraw = newPasswordView;
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

/** The code field of both TOTP views: six digits from the authenticator app. */
function codeField(): HTMLElement {
  return field(
    'totp-code',
    t('totp.code'),
    h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '7', size: '8', spellcheck: 'false' }),
    { hint: t('totp.hint'), path: '/code' },
  );
}

function totpView(): void {
  session.redraw = totpView;
  const form = h(
    'form',
    { novalidate: true, onsubmit: (event: Event) => void submitTotp(event, form, false) },
    h('p', {}, t('totp.intro')),
    codeField(),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('totp.submit'))),
  );
  show(t('totp.title'), [form]);
}

/** The key in groups of four, easier to read and to type into an app (which ignores the spaces). */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The `otpauth://` link authenticator apps accept instead of typing the key (Key Uri Format: SHA-1, 6 digits, 30 s are its defaults). */
function otpauthLink(secret: string, username: string): string {
  const issuer = t('app.name');
  return `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(username)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}

function mfaSetupView(secret: string, username: string): void {
  session.redraw = () => mfaSetupView(secret, username);
  const form = h(
    'form',
    { novalidate: true, onsubmit: (event: Event) => void submitTotp(event, form, true) },
    h('p', {}, t('mfaSetup.intro')),
    h(
      'ol',
      { class: 'steps' },
      h('li', {}, t('mfaSetup.step1')),
      h(
        'li',
        {},
        t('mfaSetup.step2'),
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, t('mfaSetup.key')),
          h('dd', {}, h('span', { class: 'code secret', id: 'totp-secret' }, grouped(secret))),
          h('dt', {}, t('mfaSetup.account')),
          h('dd', {}, username),
          h('dt', {}, t('mfaSetup.kind')),
          h('dd', {}, t('mfaSetup.kindValue')),
        ),
        h('p', { class: 'hint' }, t('mfaSetup.keyHint')),
        h('details', {}, h('summary', {}, t('mfaSetup.link')), h('p', { class: 'code' }, otpauthLink(secret, username))),
      ),
      h('li', {}, t('mfaSetup.step3')),
    ),
    codeField(),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('mfaSetup.submit'))),
  );
  show(t('mfaSetup.title'), [form]);
}

async function submitTotp(event: Event, form: HTMLElement, setup: boolean): Promise<void> {
  event.preventDefault();
  if (!requireFilled(form, [['totp-code', '/code']])) return;
  const code = value('totp-code').replace(/\s+/g, '');
  if (!/^[0-9]{6}$/.test(code)) return showErrors(form, [{ path: '/code', message: t('totp.format') }]);
  try {
    await afterStep(setup ? await auth.verifyTotpSetup(code) : await auth.sendTotp(code));
  } catch (error) {
    // NotAuthorizedException: the sign-in's session has expired (three minutes) or is used up, so
    // no code can succeed in it; a wrong code (EnableSoftwareTokenMFAException at setup,
    // CodeMismatchException after) may be tried again.
    if ((error as CognitoFailure).code === 'NotAuthorizedException') return signInView(t(setup ? 'mfaSetup.expired' : 'totp.expired'));
    showErrors(form, [{ path: '/code', message: t('totp.wrong') }]);
  }
}

export function forgotPasswordView(): void {
  session.redraw = forgotPasswordView;
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
    session.flash = t('forgot.done');
    // The change of address shows the sign-in (drawing it here too would use up the message first).
    location.hash = '#/';
  } catch (error) {
    showErrors(form, [{ path: '/code', message: (error as { message?: string }).message ?? String(error) }]);
  }
}

export async function signedIn(): Promise<void> {
  await loadStates();
  if (!localStorage.getItem(preferenceKey)) {
    const working = session.states.find((state) => state.code === session.identity?.state)?.language;
    if (isLanguage(working)) session.language = working;
  }
  if (sessionStorage.getItem(unsentKey)) location.hash = '#/submit';
  else if (!location.hash || location.hash === '#/' || location.hash.startsWith('#/forgot')) location.hash = '#/submissions';
  await session.route();
}
