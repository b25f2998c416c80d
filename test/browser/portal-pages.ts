/**
 * What the portal's browser tests share: a fresh browser profile on the portal of the file's
 * engine, signing in, waiting for a view's heading, and checking a page with axe-core (WCAG 2.x A
 * and AA rules, zero violations) in English, French and Spanish, at 1280 and 390 pixels wide
 * with nothing wider than the window.
 *
 * Screenshots of every page checked, in each language at both widths, are taken when
 * `MPR_SCREENSHOTS` is set (`npm run screenshots`), under test/browser/output/ (not committed):
 * encoding 108 full-page PNGs is a quarter of the portal test's time, for pictures no test reads.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, expect } from 'vitest';
import type { TestEngine } from '../support/engine.ts';
import { browserAvailable, useBrowser } from './support.ts';

const outputDirectory = fileURLToPath(new URL('./output/', import.meta.url));
const screenshots = Boolean(process.env['MPR_SCREENSHOTS']);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Opened {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly problems: string[];
}

/** Launches the file's browser; `open` gives a fresh profile (no session, no storage) on the portal, collecting script errors and CSP violations. */
export function usePortalBrowser(system: () => TestEngine): { open(width?: number): Promise<Opened> } {
  const contexts: BrowserContext[] = [];
  const browser = useBrowser(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
  });
  beforeAll(() => {
    if (browserAvailable && screenshots) mkdirSync(outputDirectory, { recursive: true });
  });
  return {
    async open(width = 1280) {
      const context = await browser().newContext({ viewport: { width, height: 900 }, locale: 'en-GB' });
      contexts.push(context);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      const response = await page.goto(`${system().engine.endpoints.api}/portal`);
      expect(response?.status()).toBe(200);
      return { page, context, problems };
    },
  };
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 30_000 });
}

/** axe-core's WCAG 2.x A and AA rules on the page as it is; the violations' rule ids and targets. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Through the DevTools protocol, which the page's Content-Security-Policy does not govern; once
  // per document (the portal changes views and languages without loading another).
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(`${axeSource};0`);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  });
  return violations;
}

/**
 * Checks a page with axe in English, French and Spanish, and at both widths that nothing on it is
 * wider than the window (a phone's reader would have to scroll sideways); screenshots it when asked.
 * `state`, if given, brings the page to the state to check after each change of language (which
 * draws the view afresh), e.g. by submitting a form that is refused.
 */
export async function checkPage(page: Page, name: string, state?: (page: Page) => Promise<void>): Promise<void> {
  for (const language of ['en', 'fr', 'es'] as const) {
    await page.locator('#language').selectOption(language);
    await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
    await page.locator('h1').waitFor();
    await state?.(page);
    expect(await axeViolations(page), `${name} in ${language}`).toEqual([]);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${name} in ${language} at ${width} px: wider than the window by`).toBe(0);
      if (screenshots) await page.screenshot({ path: join(outputDirectory, `${name}-${language}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  await page.locator('#language').selectOption('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}
