/**
 * The submission form in a real browser (Debian's chromium through playwright-core): a focal
 * point pastes its token, fills in a violation report, attaches a file, is told what to fix, and
 * submits — and the page shows the receipt of a report that is then on record.
 *
 * Without /usr/bin/chromium the test is skipped with a message, except on CI (test/browser/support.ts).
 */

import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daysAgo, get, today, useIntakeEngine } from '../intake/support.ts';
import { browserAvailable, browserSuiteTitle, onCi, requireBrowser, useBrowser } from './support.ts';

const context = useIntakeEngine();
const browser = useBrowser();

describe(browserSuiteTitle('the submission form in a browser'), () => {
  it.skipIf(!browserAvailable && !onCi)('submits a violation report with an attachment, then views, showing each receipt', async () => {
    requireBrowser();
    const { api, submissions, token } = context();
    const page = await browser().newPage();
    // Refused requests (the 400 below, the favicon's 404) are logged too; scripts' errors and
    // Content-Security-Policy violations are what must not happen.
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));

    const response = await page.goto(`${api}/v1/form`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'sha256-");
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

    await page.getByLabel('ID token of your focal-point account').fill(await token('focal.fra'));
    await page.getByLabel('Date of your note').fill(today);
    await page.getByLabel('Reference of your note (optional)').fill('NV/2024/88');
    await page.getByLabel('State where the violation took place').fill('XYZ');
    await page.getByLabel('City or place (optional)').fill('Nairobi');
    await page.getByLabel('Date of the incident').fill(daysAgo(2));
    await page.getByLabel('Embassy').check();
    await page.getByLabel('State whose mission or representative was affected').fill('FRA');
    await page.getByLabel('Demonstration').check();
    await page.getByLabel('Damage').check();
    const facts = 'Demonstrators threw stones at the chancery; <b>two windows</b> were broken.';
    await page.getByLabel('The facts').fill(facts);
    // Circulating it would send a note to every State: not what this test is about.
    await page.locator('#section-violation').getByLabel('Circulate this report to all States').uncheck();
    await page.getByLabel('It may be summarized in the report of the Secretary-General to the General Assembly').uncheck();
    await page.setInputFiles('#attachments', {
      name: 'note verbale.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('The Permanent Mission of France presents its compliments.'),
    });

    // A State the registry does not know: the API's problem is shown, linked to the field.
    await page.getByRole('button', { name: 'Submit' }).click();
    const problem = page.locator('#result .problem');
    await expect(problem.getByRole('link', { name: 'State where the violation took place' }).textContent()).resolves.toBeTruthy();
    await expect(problem.textContent()).resolves.toContain('must be a State in the States registry (XYZ is not)');
    await expect(page.getByLabel('State where the violation took place').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.getByLabel('State where the violation took place').fill('KEN');
    await page.getByRole('button', { name: 'Submit' }).click();
    const heading = page.locator('#result .receipt h2');
    await heading.waitFor({ timeout: 15_000 });
    const reference = /Received: (MPR-\d{4}-\d{4,})/.exec((await heading.textContent()) ?? '')?.[1];
    expect(reference).toBeDefined();
    // The State's three choices, shown back on its receipt.
    const receipt = (await page.locator('#result .receipt dl').textContent()) ?? '';
    expect(receipt).toContain('Circulated to all Statesno, at your request');
    // Not circulated at its request: its full text is not published either.
    expect(receipt).toContain('Full text publishedno');
    expect(receipt).toContain('May be summarized in the report of the Secretary-Generalno');

    const screenshot = join(tmpdir(), `mpr-form-${reference}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(0);

    // The same page sends views: the violation fields give way to the views field.
    await page.getByLabel("Your State's views on measures needed or taken").check();
    await expect(page.getByLabel('The facts').isVisible()).resolves.toBe(false);
    await page.setInputFiles('#attachments', []);
    await page.getByLabel('Your State’s views on measures needed or already taken').fill('Perimeters around missions were widened.');
    await page.getByLabel('Title of a law or regulation').fill('Act on the Protection of Diplomatic Premises');
    await page.getByLabel('Year', { exact: true }).fill('2021');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.locator('#result .receipt h2', { hasNotText: reference! }).waitFor({ timeout: 15_000 });
    const viewsReference = /Received: (MPR-\d{4}-\d{4,})/.exec((await page.locator('#result .receipt h2').textContent()) ?? '')?.[1];
    expect((await submissions.get(viewsReference!))?.items).toEqual([
      {
        kind: 'views',
        text: 'Perimeters around missions were widened.',
        legislation: [{ title: 'Act on the Protection of Diplomatic Premises', year: 2021 }],
        attachments: [],
      },
    ]);

    expect(consoleErrors).toEqual([]);
    await page.close();

    const stored = await get<{ items: Record<string, unknown>[]; note: Record<string, unknown> }>(
      api,
      `/v1/submissions/${reference}`,
      await token('focal.fra'),
    );
    expect(stored.status).toBe(200);
    expect(stored.body.note).toEqual({ date: today, reference: 'NV/2024/88' });
    expect(stored.body.items[0]).toMatchObject({
      kind: 'violation',
      occurredIn: 'KEN',
      city: 'Nairobi',
      affected: { kinds: ['embassy'], missionState: 'FRA' },
      violationKinds: ['damage', 'demonstration'],
      facts,
      allegedOffender: { known: false },
      circulate: false,
    });
    const record = (await submissions.get(reference!))!;
    expect(record.attachments).toMatchObject([
      { fileName: 'note verbale.txt', contentType: 'text/plain', size: 57, itemIndex: 0, key: expect.stringMatching(/^uploads\/FRA\/.+\/note-verbale\.txt$/) },
    ]);
  });
});
