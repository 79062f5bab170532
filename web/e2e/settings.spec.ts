// The settings screen (issue 29): its own page with profile (an uploaded avatar), voice and video with a
// microphone test outside any room, notifications (do not disturb, each room's choice), privacy (who
// may ask and find me, the blocked list) and security, logging out apart; usable and axe-clean at a
// desktop's 1280×800 and a phone's 360×640.

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { call, expect, me, openSettings, ru, test } from './app';
import { WoxlyServer } from './server';
import { mediaUse, person, roomOf } from './voice';

let server: WoxlyServer;
test.beforeAll(async () => {
  server = await WoxlyServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

const SECTIONS = ['profile', 'voice', 'notifications', 'privacy', 'security'] as const;

/** The serious and critical violations on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`));
}

/** A 600×400 PNG drawn by the browser: a picture to upload as an avatar. */
async function aPicture(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 600;
    canvas.height = 400;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#e0457b';
    context.fillRect(0, 0, 600, 400);
    context.fillStyle = '#2a9d8f';
    context.fillRect(200, 100, 200, 200);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

/** The picture an <img> shows: its natural size once loaded. */
const shown = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    return { width: img.naturalWidth, height: img.naturalHeight, src: img.getAttribute('src') };
  });

test('the settings screen: an uploaded avatar, a microphone test outside voice, do not disturb, privacy, security, logout apart', async ({
  browser,
}) => {
  const anna = await person(browser, server.url, 'Anna');
  const boris = await person(browser, server.url, 'Boris');
  const roomId = await roomOf(anna, [boris], 'Вечер');
  const page = anna.page;

  await test.step('every section has its own address, and none has a serious accessibility problem', async () => {
    await openSettings(page, 'profile');
    await expect(page).toHaveURL(/\/settings\/profile$/);
    for (const section of SECTIONS) {
      await page.getByRole('link', { name: ru.settings[section] }).click();
      await expect(page).toHaveURL(new RegExp(`/settings/${section}$`));
      await expect(page.getByRole('region', { name: ru.settings[section], exact: true })).toBeVisible();
      expect(await seriousViolations(page), section).toEqual([]);
    }
  });

  await test.step('an uploaded picture is my avatar, a square, and my friend sees it', async () => {
    await page.getByRole('link', { name: ru.settings.profile }).click();
    await page.getByTestId('avatar-file').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: await aPicture(page) });
    await expect(page.getByText(ru.profile.avatarSaved)).toBeVisible();
    const large = await shown(page, 'main section img');
    expect(large).toMatchObject({ width: 256, height: 256 });
    expect(large.src).toMatch(/^\/api\/avatars\/[0-9a-f]{32}\.jpg$/);
    // Lists take the small size.
    expect(await shown(page, '[data-testid="me-card"] img')).toMatchObject({ width: 64, height: 64, src: `${large.src}?size=small` });
    await boris.page.goto('/');
    const row = boris.page.getByTestId('friend-row').filter({ hasText: 'Anna' });
    await expect(row.locator('img')).toHaveAttribute('src', `${large.src}?size=small`);
  });

  await test.step('voice settings outside a room: the microphone opens only while it is tested', async () => {
    await page.getByRole('link', { name: ru.settings.voice }).click();
    const before = await mediaUse(page);
    expect(before).toEqual({ peerConnections: 0, mediaRequests: 0 });
    await page.getByTestId('mic-test').click();
    await expect(page.getByTestId('mic-test')).toHaveAttribute('aria-pressed', 'true');
    // Chromium's fake microphone beeps: the meter moves.
    await expect.poll(async () => Number(await page.getByTestId('mic-level').getAttribute('data-level'))).toBeGreaterThan(0.2);
    expect(await mediaUse(page)).toEqual({ peerConnections: 0, mediaRequests: 1 });
    await page.getByTestId('mic-test').click();
    await expect(page.getByTestId('mic-test')).toHaveAttribute('aria-pressed', 'false');
    // The sensitivity reads in Russian decibels ("дБ").
    await expect(page.getByText(new RegExp(`^${ru.voice.decibels.replace('{{value}}', '-\\d+')}$`))).toBeVisible();
  });

  await test.step('do not disturb, and what each room tells me', async () => {
    await page.getByRole('link', { name: ru.settings.notifications }).click();
    await page.getByTestId('do-not-disturb').check();
    await expect(page.getByTestId('my-status')).toHaveText(ru.status.busy);
    const roomRow = page.getByTestId('room-notifications-row').filter({ hasText: 'Вечер' });
    await roomRow.getByRole('button', { name: ru.roomNotifications.openFor.replace('{{name}}', 'Вечер') }).click();
    await roomRow.getByLabel(ru.roomNotifications.level.mentions).check();
    await expect.poll(async () => (await call(page, 'GET', `/rooms/${roomId}/notifications`)).level).toBe('mentions');
    await page.getByTestId('do-not-disturb').uncheck();
    await expect(page.getByTestId('my-status')).toHaveText(ru.status.online);
  });

  await test.step('privacy: nobody may ask me, nobody finds me, my friends still do', async () => {
    const carl = await person(browser, server.url, 'Carl');
    const privacy = await openSettings(page, 'privacy');
    await privacy.getByTestId('privacy-friendRequests').getByLabel(ru.privacy.reach.nobody).check();
    await privacy.getByTestId('privacy-findableBy').getByLabel(ru.privacy.reach.nobody).check();
    await expect.poll(async () => call(page, 'GET', '/users/me/privacy')).toEqual({ friendRequests: 'nobody', findableBy: 'nobody' });
    const { woxlyId } = await me(page);
    expect((await call(carl.page, 'POST', '/friends/add', { woxlyId })).code).toBe('friend_requests_closed');
    expect((await call(carl.page, 'GET', `/users/search?q=${woxlyId}`)).users).toEqual([]);
    expect((await call(boris.page, 'GET', '/users/search?q=anna')).users).toHaveLength(1);
    await expect(privacy.getByText(ru.blocking.noneBlocked)).toBeVisible();
  });

  await test.step('security: this session, two-factor, password and account', async () => {
    const security = await openSettings(page, 'security');
    await expect(security.getByTestId('session')).toHaveCount(1);
    await expect(security.getByTestId('two-factor')).toContainText(ru.twoFactor.off);
    await expect(security.getByLabel(ru.sessions.currentPassword)).toBeVisible();
    await expect(security.getByRole('button', { name: ru.sessions.deleteAccountButton })).toBeDisabled();
  });

  await test.step('at a phone’s 360×640: no sideways scrolling, nothing serious for axe', async () => {
    await page.setViewportSize({ width: 360, height: 640 });
    for (const section of SECTIONS) {
      await page.goto(`/settings/${section}`);
      await expect(page.getByRole('region', { name: ru.settings[section], exact: true })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, section).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page), section).toEqual([]);
    }
  });

  await test.step('at 360 px a friend row keeps the name and WOXLY ID readable, Message and Call at hand', async () => {
    await boris.page.setViewportSize({ width: 360, height: 640 });
    await boris.page.goto('/');
    const row = boris.page.getByTestId('friend-row').filter({ hasText: 'Anna' });
    const { woxlyId } = await me(page);
    await expect(row.getByText(woxlyId)).toBeVisible();
    const name = row.getByText('Anna', { exact: true });
    expect(await name.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await expect(row.getByRole('button', { name: ru.direct.message.replace('{{name}}', 'Anna') })).toBeInViewport();
    await expect(row.getByRole('button', { name: ru.calls.call.replace('{{name}}', 'Anna') })).toBeInViewport();
  });

  await test.step('logging out is apart from the settings and leaves them', async () => {
    await page.getByRole('button', { name: ru.profile.logout }).click();
    await expect(page).toHaveURL(/\/login$/);
  });
});
