// What a person does in the app, as steps the end-to-end tests share.

import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { TestInfo } from '@playwright/test';

export { expect };

/** The browser contexts the running test opened. */
const opened = new Set<BrowserContext>();
/** What the server's Content-Security-Policy refused in them (QUALITY-7): every test fails on it. */
const refused: string[] = [];

/** A browser context on the server at `url`, closed when the test ends; `selfSigned` accepts the
 * server's self-signed certificate, as a user does once on a LAN. */
export async function newContext(browser: Browser, url: string, selfSigned = false): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: url, ignoreHTTPSErrors: selfSigned });
  context.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) refused.push(message.text());
  });
  opened.add(context);
  return context;
}

/** Playwright's `test`, closing every context a test opened when it ends: the tests share one browser,
 * and a page left open keeps its microphone, speaking detector and reconnecting socket busy through
 * every test after it (on two cores that made later tests slow and a click time out). A test whose
 * pages did something the Content-Security-Policy refused fails. */
export const test = base.extend<{ closeContexts: void }>({
  closeContexts: [
    // Playwright reads a fixture's dependencies from its first parameter: this one has none.
    async ({}, use) => {
      await use();
      await Promise.all([...opened].map((context) => context.close().catch(() => {})));
      opened.clear();
      expect(refused.splice(0), 'refused by the Content-Security-Policy').toEqual([]);
    },
    { auto: true },
  ],
});

/** The Russian strings, so tests find what a Russian-speaking user reads. */
export const ru = JSON.parse(readFileSync(new URL('../src/locales/ru.json', import.meta.url), 'utf8'));

export async function openApp(browser: Browser, url: string, selfSigned = false): Promise<Page> {
  const context = await newContext(browser, url, selfSigned);
  const page = await context.newPage();
  await page.goto('/');
  return page;
}

export async function register(page: Page, username: string, password = 'correct horse battery') {
  await page.goto('/register');
  await page.getByLabel(ru.auth.username).fill(username);
  await page.getByLabel(ru.auth.email).fill(`${username.toLowerCase()}@example.com`);
  await page.getByLabel(ru.auth.password).fill(password);
  await page.getByRole('button', { name: ru.auth.registerButton }).click();
  await expect(page.getByTestId('me-card')).toContainText(username);
}

/** The signed-in user as the server sees them, with the token this tab keeps. */
export async function me(page: Page): Promise<{ id: number; woxlyId: string; token: string }> {
  return page.evaluate(async () => {
    const token = localStorage.getItem('woxly.token') ?? '';
    const response = await fetch('/api/users/me', { headers: { authorization: `Bearer ${token}` } });
    const { user } = await response.json();
    return { id: user.id, woxlyId: user.woxlyId, token };
  });
}

/** A REST call as the user signed in on `page`. */
export async function call(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const token = localStorage.getItem('woxly.token') ?? '';
      const response = await fetch(`/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response.status === 204 ? null : response.json();
    },
    { method, path, body },
  );
}

/** Clicks "Open" on the toast that says `text`. */
export async function openToast(page: Page, text: string | RegExp) {
  const toast = page.locator('[data-sonner-toast]').filter({ hasText: text });
  await toast.getByRole('button', { name: ru.notifications.open }).click();
}

export async function chooseStatus(page: Page, status: 'online' | 'away' | 'busy') {
  await page.getByTestId('me-card').click();
  await page.getByRole('menuitemradio', { name: ru.status[status] }).click();
  await expect(page.getByTestId('my-status')).toHaveText(ru.status[status]);
}

/** Opens the settings screen from my card at a section (`ru.settings.<section>`); the section's region. */
export async function openSettings(page: Page, section: 'profile' | 'voice' | 'notifications' | 'privacy' | 'security') {
  await page.getByTestId('me-card').last().click();
  await page.getByRole('menuitem', { name: ru.settings.title }).click();
  await page.getByRole('navigation', { name: ru.settings.title }).getByRole('link', { name: ru.settings[section] }).click();
  const region = page.getByRole('region', { name: ru.settings[section], exact: true });
  await expect(region).toBeVisible();
  return region;
}

export async function send(page: Page, text: string) {
  const composer = page.getByLabel(ru.chat.composerLabel, { exact: true });
  await composer.fill(text);
  await composer.press('Enter');
}

/** A screenshot under this test's output, for a person to look at. */
export async function screenshot(page: Page, info: TestInfo, name: string) {
  await page.waitForTimeout(400); // let entrance animations finish; this is a picture, not an assertion
  await page.screenshot({ path: info.outputPath('screenshots', `${name}.png`) });
}

declare global {
  interface Window {
    /** The text of every toast the page has shown since `recordToasts`. */
    __toasts?: string[];
  }
}

/** From now on, keeps the text of every toast the page shows, so a test can check a toast that came and
 * went (a toast is on screen for seconds, and a busy machine may look later than that). */
export async function recordToasts(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    window.__toasts = seen;
    new MutationObserver((changes) => {
      for (const change of changes) {
        for (const node of change.addedNodes) {
          const toast = node instanceof Element ? node.closest('[data-sonner-toast]') ?? node.querySelector('[data-sonner-toast]') : null;
          if (toast?.textContent) seen.push(toast.textContent);
        }
        const target = change.target instanceof Element ? change.target.closest('[data-sonner-toast]') : null;
        if (target?.textContent) seen.push(target.textContent);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

/** The toasts shown since `recordToasts`. */
export const toastsSeen = (page: Page) => page.evaluate(() => window.__toasts ?? []);

/** The serious and critical accessibility violations (axe-core, WCAG 2 A and AA) on the page as it is
 * now, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`));
}
