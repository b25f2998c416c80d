/**
 * The browser the browser tests drive: Debian's chromium through playwright-core, launched once
 * per file. Without /usr/bin/chromium a file's tests are skipped with a message, except on CI
 * (`CI` set), where a missing browser is a failure: .ci/run installs it.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const executablePath = '/usr/bin/chromium';
export const browserAvailable = existsSync(executablePath);
export const onCi = process.env['CI'] !== undefined;

/** A title that says why the tests were skipped, where they are. */
export function browserSuiteTitle(title: string): string {
  return browserAvailable ? title : `${title} — SKIPPED: no browser at ${executablePath} (apt-get install chromium)`;
}

/** Fails a test on CI that has no browser (.ci/run installs Debian's chromium). */
export function requireBrowser(): void {
  if (!browserAvailable) throw new Error(`CI must provide a browser at ${executablePath}: .ci/run installs Debian's chromium`);
}

/** Launches the browser before the file's tests and closes it after them (after `beforeClose`). */
export function useBrowser(beforeClose: () => Promise<void> = async () => undefined): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!browserAvailable) return;
    browser = await chromium.launch({
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await beforeClose();
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('no browser: the test should have been skipped');
    return browser;
  };
}
