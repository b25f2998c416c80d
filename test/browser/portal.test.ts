/**
 * The missions' portal in a real browser (Debian's chromium through playwright-core) on the
 * local engine: SRP sign-in with its challenges (a temporary password, a TOTP code), a forgotten
 * password reset with the code the pool sent, a violation report with States chosen by name and an
 * attachment, its receipt, its circulation and what was sent about it, its file downloaded, an
 * obligation's follow-up, a draft that survives the browser, focal points managed by a mission
 * administrator, another State's submission out of reach — and axe-core on every page in every
 * language at 1280 and 390 pixels (screenshots of each with `npm run screenshots`).
 *
 * Without /usr/bin/chromium the tests are skipped with a message, except on CI (test/browser/support.ts).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../local/cognito/totp.ts';
import { localPassword, temporaryPassword } from '../../local/seed.ts';
import { eventually, useEngine } from '../support/engine.ts';
import { addressOnly } from '../support/seed.ts';
import { checkPage, heading, signIn, usePortalBrowser } from './portal-pages.ts';
import { browserAvailable, browserSuiteTitle, onCi, requireBrowser } from './support.ts';

// Circulating a report sends a note to every State: at SES's 14 a second that is 14 s; faster here.
const system = useEngine({ sesMaxSendRate: 1000 });
const { open } = usePortalBrowser(system);

// Six States addressed: a circulation beside the browser is six notes, not 261; the portal shows it the same.
beforeAll(() => addressOnly(system().table, ['FRA', 'KEN', 'MEX', 'IRL', 'SEN', 'JPN']));

/** France's focal points see the portal first in France's working language (French); then English. */
async function signInFrance(page: Page, username: string): Promise<void> {
  await signIn(page, username, localPassword);
  await heading(page, 'Nos communications');
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
  await page.locator('#language').selectOption('en');
  await heading(page, 'Our submissions');
}

const run = it.skipIf(!browserAvailable && !onCi);

describe(browserSuiteTitle('the missions’ portal in a browser'), () => {
  let franceReference = '';

  run(
    'signs a new focal point in with SRP, makes it replace its temporary password, and passes axe on the sign-in pages',
    async () => {
      requireBrowser();
      const { page, problems } = await open();
      const response = await page.request.get(`${system().engine.endpoints.api}/portal`);
      expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
      await heading(page, 'Sign in');
      await checkPage(page, 'sign-in');

      await signIn(page, 'newcomer.fra', 'Not-the-password-1!');
      await expect(page.getByRole('alert').textContent()).resolves.toContain('The username or the password is not correct.');

      await signIn(page, 'newcomer.fra', temporaryPassword);
      await heading(page, 'Choose your password');
      await checkPage(page, 'new-password');
      await page.getByLabel('New password', { exact: true }).fill('Newcomer-chosen-1!');
      await page.getByLabel('New password, again').fill('Newcomer-chosen-1!');
      await page.getByRole('button', { name: 'Save my password' }).click();
      await heading(page, 'Our submissions');
      await expect(page.getByText('Signed in as newcomer.fra, France').isVisible()).resolves.toBe(true);
      // No token, no password in the address or in local storage.
      expect(page.url()).not.toMatch(/token|password|eyJ/i);
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
      expect(stored).not.toContain('Newcomer-chosen-1!');
      expect(stored).not.toContain('eyJ');
      expect(problems).toEqual([]);
    },
    180_000,
  );

  run(
    'resets a forgotten password with the code the pool e-mailed, then signs in with the new one',
    async () => {
      await system().engine.cognito.createFocalPoint({
        username: 'forgetful.mex',
        state: 'MEX',
        groups: ['focal-point'],
        email: 'forgetful.mex@missions.example.org',
      });
      const { page, problems } = await open();
      await heading(page, 'Sign in');
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await heading(page, 'Reset your password');
      await checkPage(page, 'forgot-password');
      await page.getByLabel('Username').fill('forgetful.mex');
      await page.getByRole('button', { name: 'Send me a code' }).click();
      await page.getByText('A code was sent to forgetful.mex@missions.example.org.').waitFor();
      const [code] = system().engine.cognito.codesSentTo('forgetful.mex');
      expect(code).toMatch(/^\d{6}$/);
      await page.getByLabel('Code from the e-mail').fill(code === '000000' ? '111111' : '000000');
      await page.getByLabel('New password').fill('Forgetful-chosen-1!');
      await page.getByRole('button', { name: 'Reset my password' }).click();
      await page.getByRole('alert').waitFor();
      await page.getByLabel('Code from the e-mail').fill(code!);
      await page.getByRole('button', { name: 'Reset my password' }).click();
      await page.getByText('Your password is reset. Sign in with it.').waitFor();
      await signIn(page, 'forgetful.mex', localPassword);
      await expect(page.getByRole('alert').textContent()).resolves.toContain('The username or the password is not correct.');
      await signIn(page, 'forgetful.mex', 'Forgetful-chosen-1!');
      await heading(page, 'Our submissions');
      expect(problems).toEqual([]);
    },
    120_000,
  );

  run(
    'asks the TOTP code of a user who turned it on',
    async () => {
      const { page, problems } = await open();
      const secret = system().engine.demoSignIns.find((user) => user.username === 'mfa.ken')?.totpSecret;
      expect(secret).toBeDefined();
      await signIn(page, 'mfa.ken', localPassword);
      await heading(page, 'Enter your security code');
      await checkPage(page, 'totp');
      await page.getByLabel('Security code').fill('000000' === totpCode(secret!) ? '111111' : '000000');
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('This code is not correct');
      await page.getByLabel('Security code').fill(totpCode(secret!));
      await page.getByRole('button', { name: 'Continue' }).click();
      await heading(page, 'Our submissions');
      expect(problems).toEqual([]);
    },
    120_000,
  );

  run(
    'submits a violation report with States chosen by name and an attachment, shows its receipt, then its circulation in the list',
    async () => {
      const { page, problems } = await open();
      await signInFrance(page, 'focal.fra');
      await checkPage(page, 'submissions-empty');
      await page.getByRole('link', { name: 'Submit a report' }).click();
      await heading(page, 'Submit a report');
      await checkPage(page, 'submit');

      // The States are offered by their names in the reader's language, in its alphabet; a State
      // with no checked Spanish name in the registry keeps its English one.
      const offered = () => page.locator('#state-names option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
      await page.locator('#language').selectOption('es');
      await page.waitForFunction(() => document.documentElement.lang === 'es');
      const spanish = await offered();
      expect(spanish).toHaveLength(197);
      expect(spanish).toEqual(expect.arrayContaining(['Alemania', 'Francia', 'Reino Unido de Gran Bretaña e Irlanda del Norte', 'Holy See']));
      expect(spanish.indexOf('Alemania')).toBeLessThan(spanish.indexOf('Bélgica'));
      await page.locator('#language').selectOption('en');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      expect(await offered()).toEqual(expect.arrayContaining(['Germany', 'France', 'Holy See']));

      // A name that is not a State's is refused beside its field, before anything is sent.
      await page.getByLabel('State where the violation took place').fill('Atlantis');
      await page.getByRole('button', { name: 'Submit the report' }).click();
      const summary = page.getByRole('alert');
      await expect(summary.getByRole('link', { name: /State where the violation took place/ }).textContent()).resolves.toContain(
        'Choose a State from the list',
      );
      await expect(page.getByLabel('State where the violation took place').getAttribute('aria-invalid')).resolves.toBe('true');
      await checkPage(page, 'submit-errors-client');

      await page.getByLabel('State where the violation took place').fill('Kenya');
      // The API's own checks (the facts are missing) come back beside their fields.
      await page.getByRole('button', { name: 'Submit the report' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/The facts/);
      await expect(page.getByLabel('The facts').getAttribute('aria-invalid')).resolves.toBe('true');
      // The API names the rule the field broke; the page says it in its reader's language (and the
      // screenshots show the refusal in each).
      const factsRefused = { en: 'Fill in this field.', fr: 'Remplissez ce champ.', es: 'Rellene este campo.' } as const;
      await checkPage(page, 'submit-errors-api', async (current) => {
        await current.locator('#send').click();
        await current.locator('#facts-error').waitFor();
        const language = (await current.evaluate(() => document.documentElement.lang)) as keyof typeof factsRefused;
        await expect(current.locator('#facts-error').textContent()).resolves.toBe(factsRefused[language]);
        // None of the API's own English wording left among the refusals, in any language.
        await expect(current.getByRole('alert').textContent()).resolves.not.toMatch(/must |is required/);
      });

      await page.getByLabel('City or place (optional)').fill('Nairobi');
      await page.getByLabel('Date of the incident').fill(new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10));
      await page.getByLabel('Embassy').check();
      await page.getByLabel('Demonstration').check();
      await page.getByLabel('The facts').fill('Demonstrators threw stones at the chancery; two windows were broken.');
      await page.setInputFiles('#attachments', {
        name: 'note verbale.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('The Permanent Mission of France presents its compliments.'),
      });
      await page.getByRole('button', { name: 'Submit the report' }).click();
      await heading(page, /^Received: MPR-\d{4}-\d{4,}$/);
      franceReference = /MPR-\d{4}-\d{4,}/.exec((await page.locator('h1').textContent()) ?? '')![0];
      await expect(page.getByText('note verbale.txt').isVisible()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: 'Print this receipt' }).isVisible()).resolves.toBe(true);
      await checkPage(page, 'receipt');

      const stored = await eventually(
        async () => {
          await page.getByRole('link', { name: 'Our submissions', exact: true }).click();
          await heading(page, 'Our submissions');
          const row = page.getByRole('row', { name: new RegExp(franceReference) });
          const text = (await row.textContent()) ?? '';
          return text.includes('Circulated to all States') && !text.includes('circulation under way') ? text : undefined;
        },
        `${franceReference} circulated`,
        240_000,
      );
      expect(stored).toContain(franceReference);
      expect(stored).toContain('Report of a violation');
      await checkPage(page, 'submissions');
      await page.getByRole('link', { name: franceReference }).click();
      await heading(page, `Submission ${franceReference}`);
      await expect(page.getByText('Kenya').first().isVisible()).resolves.toBe(true);
      // What was sent, to whom and when: the circulation, and the attention note to Kenya, where it happened.
      const sent = await eventually(
        async () => {
          await page.reload();
          await heading(page, `Submission ${franceReference}`);
          const text = (await page.locator('#sent').textContent()) ?? '';
          return /Circulated to \d+ States on .+ \(note .+\)/.test(text) && text.includes('attention of Kenya') ? text : undefined;
        },
        'the attention note to Kenya',
        60_000,
      );
      expect(sent).toContain('No reminder was sent to your State');
      // The file, through its short-lived link.
      const link = await page.getByRole('link', { name: 'note verbale.txt' }).getAttribute('href');
      const file = await page.request.get(link!);
      expect(file.status()).toBe(200);
      expect(await file.text()).toBe('The Permanent Mission of France presents its compliments.');
      await checkPage(page, 'submission-detail');
      expect(problems).toEqual([]);
    },
    540_000,
  );

  run(
    'shows Kenya what it owes, and its follow-up button opens a pre-filled form whose report discharges the obligation',
    async () => {
      expect(franceReference).not.toBe('');
      const { page, problems } = await open();
      await signIn(page, 'focal.ken', localPassword);
      await heading(page, 'Our submissions');
      await page.getByRole('link', { name: 'What we owe' }).click();
      await heading(page, 'What we owe');
      const incident = `INC-${franceReference}-1`;
      const row = page.getByRole('row', { name: new RegExp(incident) }).filter({ hasText: 'measures taken' });
      await row.waitFor();
      await checkPage(page, 'obligations');
      await row.getByRole('link', { name: `Write the follow-up report: ${incident}` }).click();
      await heading(page, 'Submit a report');
      await expect(page.getByLabel('Incident this follow-up answers').inputValue()).resolves.toBe(incident);
      await expect(page.getByLabel('A follow-up report on an incident (paragraph 11 (b))').isChecked()).resolves.toBe(true);
      await page.getByLabel('Investigation').check();
      await page.getByLabel('Arrest').check();
      await page.getByLabel('Describe those measures').first().fill('Two suspects were arrested; the prosecutor opened an investigation.');
      await page.getByRole('button', { name: 'Submit the report' }).click();
      await heading(page, /^Received: MPR-/);
      await page.getByRole('link', { name: 'What we owe' }).click();
      await heading(page, 'What we owe');
      await expect(
        page
          .getByRole('row', { name: new RegExp(incident) })
          .filter({ hasText: 'measures taken' })
          .count(),
      ).resolves.toBe(0);
      expect(problems).toEqual([]);
    },
    180_000,
  );

  run(
    'keeps a draft on the server across a closed browser, then submits it',
    async () => {
      const first = await open();
      await signInFrance(first.page, 'focal.fra');
      await first.page.getByRole('link', { name: 'Submit a report' }).click();
      await heading(first.page, 'Submit a report');
      await first.page.getByLabel('Your State’s views on measures needed or taken (paragraph 13)').check();
      await first.page.getByLabel('Reference of your note (optional)').fill('NV/DRAFT/7');
      await first.page.getByLabel('Your State’s views', { exact: true }).fill('Perimeters around missions should be widened.');
      await first.page.getByRole('button', { name: 'Save as draft' }).click();
      await first.page.getByText(/Draft saved at/).waitFor();
      await first.context.close();

      const second = await open();
      await signIn(second.page, 'focal.fra', localPassword);
      // The language chosen before is remembered by the browser profile; this one is new.
      await heading(second.page, 'Nos communications');
      await second.page.locator('#language').selectOption('en');
      await heading(second.page, 'Our submissions');
      await second.page.getByRole('link', { name: 'Drafts' }).click();
      await heading(second.page, 'Drafts');
      await checkPage(second.page, 'drafts');
      await second.page.getByRole('link', { name: /Open Views/ }).click();
      await heading(second.page, /^Draft: Views/);
      await expect(second.page.getByLabel('Your State’s views', { exact: true }).inputValue()).resolves.toBe('Perimeters around missions should be widened.');
      await checkPage(second.page, 'draft');
      await second.page.getByRole('button', { name: 'Submit the report' }).click();
      await heading(second.page, /^Received: MPR-/);
      await second.page.getByRole('link', { name: 'Drafts' }).click();
      await heading(second.page, 'Drafts');
      await expect(second.page.getByText('There are no drafts.').isVisible()).resolves.toBe(true);
      expect([...first.problems, ...second.problems]).toEqual([]);
    },
    180_000,
  );

  run(
    'lets a mission administrator invite and remove a focal point',
    async () => {
      const { page, problems } = await open();
      page.on('dialog', (dialog) => void dialog.accept());
      await signInFrance(page, 'admin.fra');
      await page.getByRole('link', { name: 'Focal points' }).click();
      await heading(page, 'Focal points of France');
      await checkPage(page, 'focal-points');
      await page.getByLabel('Username').fill('invited.fra');
      await page.getByLabel('E-mail address').fill('invited.fra@missions.example.org');
      await page.getByRole('button', { name: 'Send the invitation' }).click();
      await page.getByText('invited.fra was invited.').waitFor();
      await expect(page.getByRole('row', { name: /invited\.fra/ }).count()).resolves.toBe(1);
      await page.getByRole('button', { name: 'Remove invited.fra' }).click();
      await page.getByText('invited.fra was removed.').waitFor();
      await expect(page.getByRole('row', { name: /invited\.fra@/ }).count()).resolves.toBe(0);
      expect(problems).toEqual([]);
    },
    120_000,
  );

  run(
    'takes a whole report from sign-in to receipt with the keyboard alone, the focus always visible',
    async () => {
      const { page, problems } = await open();
      /** Presses Tab until `selector` has the focus (it must be reachable), checking the focus is visible on the way. */
      const tabTo = async (selector: string) => {
        for (let presses = 0; presses < 80; presses += 1) {
          await page.keyboard.press('Tab');
          const state = await page.evaluate((wanted) => {
            const active = document.activeElement as HTMLElement | null;
            if (!active || active === document.body) return { reached: false, visible: true, what: 'body' };
            const style = getComputedStyle(active);
            return {
              reached: active.matches(wanted),
              visible: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
              what: `${active.tagName} ${active.id} ${style.outlineStyle} ${style.outlineWidth}`,
            };
          }, selector);
          expect(state.visible, `focus visible on ${state.what} while tabbing to ${selector}`).toBe(true);
          if (state.reached) return;
        }
        throw new Error(`${selector} is not reachable with Tab`);
      };
      await heading(page, 'Sign in');
      await tabTo('#username');
      await page.keyboard.type('focal.ken');
      await tabTo('#password');
      await page.keyboard.type(localPassword);
      await page.keyboard.press('Enter');
      await heading(page, 'Our submissions');
      await tabTo('a[href="#/submit"]');
      await page.keyboard.press('Enter');
      await heading(page, 'Submit a report');
      await tabTo('#occurred-in');
      await page.keyboard.type('France');
      await tabTo('#incident-date');
      const [year, month, day] = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10).split('-');
      await page.keyboard.type(`${day}${month}${year}`);
      await tabTo('#affected-consulate');
      await page.keyboard.press('Space');
      await tabTo('#violation-kinds-threat');
      await page.keyboard.press('Space');
      await tabTo('#facts');
      await page.keyboard.type('A caller threatened the consul by telephone.');
      await tabTo('#circulate');
      await page.keyboard.press('Space');
      await tabTo('#send');
      await page.keyboard.press('Enter');
      await heading(page, /^Received: MPR-/);
      await expect(page.getByText('A caller threatened the consul by telephone.').isVisible()).resolves.toBe(true);
      await expect(page.getByText('Not circulated to all States').first().isVisible()).resolves.toBe(true);
      expect(problems).toEqual([]);
    },
    180_000,
  );

  run(
    'never shows another State’s submission, by link or in the list',
    async () => {
      expect(franceReference).not.toBe('');
      const { page, problems } = await open();
      await signIn(page, 'focal.mex', localPassword);
      await heading(page, 'Our submissions');
      await expect(page.getByText(franceReference).count()).resolves.toBe(0);
      await page.evaluate((reference) => (location.hash = `#/submissions/${reference}`), franceReference);
      await page.getByText(`Your State has no submission ${franceReference}.`).waitFor();
      await expect(page.getByText('Demonstrators threw stones').count()).resolves.toBe(0);
      await checkPage(page, 'not-found');
      expect(problems).toEqual([]);
    },
    120_000,
  );
});
