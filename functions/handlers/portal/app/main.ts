/// <reference lib="dom" />
/**
 * The missions' portal in the browser: sign-in, then the State's submissions, what it owes, the
 * report form with attachments and drafts, and (for mission administrators) its focal points.
 *
 * Plain DOM code, one view per hash route (`#/submissions`, `#/submissions/MPR-2026-0001`,
 * `#/obligations`, `#/submit`, `#/drafts`, `#/focal-points`): no token or password ever appears
 * in a URL. This module routes; each view is a module of its own. Every text comes from ./messages.ts in the reader's language; everything the API or
 * a user supplies is shown as text, never parsed as HTML.
 */
import { ApiError } from './api.ts';
import { h } from './dom.ts';
import { draftsView } from './drafts.ts';
import { focalPointsView } from './focal-points.ts';
import { problemErrors } from './forms.ts';
import { show } from './layout.ts';
import { obligationsView } from './obligations.ts';
import { submitFormView } from './report-form.ts';
import { forgotPasswordView, signedIn, signInView } from './sign-in.ts';
import { auth, session, t } from './state.ts';
import { submissionsView, submissionView } from './submissions.ts';

async function route(): Promise<void> {
  session.redraw = route;
  const [path = '', query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  if (!session.identity) {
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
      session.flash = t('errors.session');
      return signInView();
    }
    const { general } = problemErrors(error);
    show(t('errors.summary'), [h('p', { role: 'alert' }, general ?? String(error))]);
  }
}

session.route = route;

auth.onChange = (current) => {
  session.identity = current;
};

window.addEventListener('hashchange', () => void route());

void (async () => {
  session.identity = await auth.restore();
  if (session.identity) await signedIn();
  else await route();
})();
