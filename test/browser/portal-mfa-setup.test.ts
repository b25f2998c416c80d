/**
 * The portal's first sign-in of a focal point of whom MFA is required and who has no TOTP device
 * yet (MFA_SETUP, as every new user meets it on the deployed pool), in a real browser on the local
 * engine: the key is shown, a refused code is explained beside the field and in the summary, the
 * code computed from the key as an authenticator app would sets TOTP up and signs the user in;
 * signed out and in again, the user is asked its code (SOFTWARE_TOKEN_MFA). A setup left too long
 * sends the user back to sign in, saying why; an invited user sets its password, then TOTP.
 * axe-core checks the setup page, with and without errors, in each language.
 *
 * Without /usr/bin/chromium the tests are skipped with a message, except on CI (test/browser/support.ts).
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authSessionMillis } from '../../local/cognito/mfa-setup.ts';
import { totpCode } from '../../local/cognito/totp.ts';
import { localPassword } from '../../local/seed.ts';
import { useEngine } from '../support/engine.ts';
import { checkPage, heading, signIn, usePortalBrowser } from './portal-pages.ts';
import { browserAvailable, browserSuiteTitle, onCi, requireBrowser } from './support.ts';

const system = useEngine();
const { open } = usePortalBrowser(system);
const run = it.skipIf(!browserAvailable && !onCi);

/** The key as the page shows it, without the spaces that group it. */
async function shownKey(page: Page): Promise<string> {
  return ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s+/g, '');
}

/** Submits the code field of the page in whatever language it is. */
async function submitCode(page: Page, code: string): Promise<void> {
  await page.locator('#totp-code').fill(code);
  await page.locator('form button[type=submit]').click();
}

describe(browserSuiteTitle('setting TOTP up at the first sign-in, in the portal'), () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  run(
    'shows the key, refuses a wrong code, sets TOTP up with the right one, then asks the code at the next sign-in',
    async () => {
      requireBrowser();
      const demo = system().engine.demoSignIns.find((user) => user.mfaRequired);
      expect(demo).toMatchObject({ username: 'newmfa.irl', state: 'IRL', password: localPassword });
      const { page, problems } = await open();
      await signIn(page, demo!.username, demo!.password);
      await heading(page, 'Set up your authenticator app');
      const secret = await shownKey(page);
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await expect(page.locator('#totp-secret').textContent()).resolves.toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
      await page.getByText('Setup link, for apps that accept one').click();
      await expect(page.getByText(/^otpauth:\/\/totp\//).textContent()).resolves.toBe(
        `otpauth://totp/Missions%E2%80%99%20portal:newmfa.irl?secret=${secret}&issuer=Missions%E2%80%99%20portal`,
      );
      await checkPage(page, 'mfa-setup');
      // Changing the language keeps the same key (the sign-in under way is not started again).
      expect(await shownKey(page)).toBe(secret);

      // Nothing typed, then letters: said beside the field and in the summary, before Cognito is asked.
      await page.getByRole('button', { name: 'Check the code and continue' }).click();
      await expect(page.getByRole('alert').getByRole('link', { name: 'Security code: Fill in this field.' }).isVisible()).resolves.toBe(true);
      await submitCode(page, '12ab56');
      await expect(page.locator('#totp-code-error').textContent()).resolves.toBe('Enter the 6 digits the app shows, with no letters.');

      // A wrong code, in each language: VerifySoftwareToken refuses it, and another may be tried.
      const wrong = totpCode(secret) === '000000' ? '111111' : '000000';
      await checkPage(page, 'mfa-setup-wrong-code', async (current) => {
        await submitCode(current, wrong);
        await current.getByRole('alert').waitFor();
      });
      await submitCode(page, wrong);
      await expect(page.getByRole('alert').textContent()).resolves.toContain('This code is not correct or has expired.');
      await expect(page.locator('#totp-code').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.locator('#totp-code-error').isVisible()).resolves.toBe(true);

      await submitCode(page, totpCode(secret));
      await heading(page, 'Our submissions');
      await expect(page.getByText('Signed in as newmfa.irl, Ireland').isVisible()).resolves.toBe(true);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(page, demo!.username, demo!.password);
      await heading(page, 'Enter your security code');
      await submitCode(page, totpCode(secret));
      await heading(page, 'Our submissions');
      expect(problems).toEqual([]);
    },
    180_000,
  );

  run(
    'takes an invited focal point from its temporary password to TOTP set up, as every first sign-in on the deployed pool',
    async () => {
      requireBrowser();
      await system().engine.cognito.createFocalPoint({
        username: 'invited.irl',
        state: 'IRL',
        groups: ['focal-point'],
        password: 'Invitation-Passw0rd!',
        temporaryPassword: true,
        mfaRequired: true,
      });
      const { page, problems } = await open();
      await signIn(page, 'invited.irl', 'Invitation-Passw0rd!');
      await heading(page, 'Choose your password');
      await page.getByLabel('New password', { exact: true }).fill('Invited-chosen-1!');
      await page.getByLabel('New password, again').fill('Invited-chosen-1!');
      await page.getByRole('button', { name: 'Save my password' }).click();
      await heading(page, 'Set up your authenticator app');
      await submitCode(page, totpCode(await shownKey(page)));
      await heading(page, 'Our submissions');
      await expect(page.getByText('Signed in as invited.irl, Ireland').isVisible()).resolves.toBe(true);
      expect(problems).toEqual([]);
    },
    120_000,
  );

  run(
    'sends a person whose setup took longer than the sign-in session back to sign in, saying why',
    async () => {
      requireBrowser();
      await system().engine.cognito.createFocalPoint({
        username: 'slow.irl',
        state: 'IRL',
        groups: ['focal-point'],
        password: localPassword,
        mfaRequired: true,
      });
      const { page, problems } = await open();
      await signIn(page, 'slow.irl', localPassword);
      await heading(page, 'Set up your authenticator app');
      const secret = await shownKey(page);
      // The engine runs in this process: its Cognito stand-in reads this Date, the browser its own.
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: Date.now() + authSessionMillis + 1000 });
      await submitCode(page, totpCode(secret, new Date()));
      await heading(page, 'Sign in');
      await expect(page.getByRole('alert').textContent()).resolves.toContain('Setting up the app took too long, so this key has expired.');
      vi.useRealTimers();
      // Signing in again starts the setup afresh, with a new key.
      await signIn(page, 'slow.irl', localPassword);
      await heading(page, 'Set up your authenticator app');
      expect(await shownKey(page)).not.toBe(secret);
      expect(problems).toEqual([]);
    },
    120_000,
  );
});
