// CALL-1…3 end to end: calling a friend from the friends list, on every tab of the callee, and each
// outcome — accepted (then voice both ways), declined, cancelled and unanswered.

import type { Page } from '@playwright/test';
import { expect, ru, screenshot, test } from './app';
import { WoxlyServer } from './server';
import { befriend, expectHearing, participant, person } from './voice';

// Long enough that no answer under load is late; the no-answer test rings for a short time instead.
const RING_SECONDS = 30;
const SHORT_RING_SECONDS = 2;
const name = (text: string, who: string) => text.replace('{{name}}', who);

/** How many peer connections the page has made so far. */
const madeConnections = (page: Page) =>
  page.evaluate(() => window.__pcs.length);

async function callFromFriends(page: Page, friend: string) {
  await page.goto('/');
  await page.getByRole('button', { name: name(ru.calls.call, friend) }).click();
}

test('calls: accept on one of two tabs and talk, through a server restart; decline; hang up', async ({ browser }, info) => {
  const server = await WoxlyServer.start(['--call-ring-seconds', String(RING_SECONDS)]);
  try {
    const anna = await person(browser, server.url, 'Anna');
    const boris = await person(browser, server.url, 'Boris');
    await befriend(anna, boris);
    const borisSecondTab = await boris.context.newPage();
    await borisSecondTab.goto('/');
    await expect(borisSecondTab.getByTestId('me-card')).toContainText('Boris');

    // Anna calls: she is in the call room with "calling…"; both of Boris's tabs ring.
    await callFromFriends(anna.page, 'Boris');
    await expect(anna.page.getByTestId('outgoing-call')).toContainText(ru.calls.calling);
    await expect(anna.page).toHaveURL(/\/rooms\/\d+$/);
    const callRoom = anna.page.url();
    for (const tab of [boris.page, borisSecondTab]) {
      await expect(tab.getByTestId('ringing-call')).toContainText(name(ru.calls.incomingFrom, 'Anna'));
    }
    await screenshot(boris.page, info, 'incoming-call');
    await screenshot(anna.page, info, 'calling');

    // Boris accepts on one tab: the other stops ringing, both are in the room and hear each other.
    await boris.page.getByTestId('ringing-call').getByRole('button', { name: ru.calls.accept }).click();
    await expect(borisSecondTab.getByTestId('ringing-call')).toBeHidden();
    await expect(anna.page.getByTestId('outgoing-call')).toBeHidden();
    await expect(boris.page).toHaveURL(callRoom);
    await Promise.all([expectHearing(anna.page, 1), expectHearing(boris.page, 1)]);
    await borisSecondTab.close();

    // SYNC-1: the server restarts mid-call; the sockets reconnect and voice comes back by itself on new
    // connections.
    const connectionsBefore = await madeConnections(anna.page);
    await server.restart();
    for (const page of [anna.page, boris.page]) {
      await expect(page.getByTestId('reconnecting-overlay')).toBeHidden({ timeout: 30_000 });
    }
    await expect.poll(() => madeConnections(anna.page)).toBeGreaterThan(connectionsBefore);
    await Promise.all([expectHearing(anna.page, 1), expectHearing(boris.page, 1)]);
    await expect(participant(anna.page, 'Boris')).toHaveAttribute('data-in-room', 'true');
    await boris.page.goto('/');
    await anna.page.goto('/');

    // Declined: Anna is told; the same room is used for their calls.
    await callFromFriends(anna.page, 'Boris');
    await expect(anna.page).toHaveURL(callRoom);
    await boris.page.getByTestId('ringing-call').getByRole('button', { name: ru.calls.decline }).click();
    await expect(anna.page.getByTestId('call-outcome')).toHaveText(name(ru.calls.declined, 'Boris'));
    await anna.page.getByRole('button', { name: ru.calls.close }).click();
    await expect(anna.page.getByTestId('outgoing-call')).toBeHidden();

    // Anna hangs up while it rings: Boris stops ringing and has a missed call.
    await callFromFriends(anna.page, 'Boris');
    await expect(boris.page.getByTestId('ringing-call')).toBeVisible();
    await anna.page.getByRole('button', { name: ru.calls.cancel }).click();
    await expect(boris.page.getByTestId('ringing-call')).toBeHidden();
    await expect(boris.page.locator('[data-sonner-toast]').filter({ hasText: name(ru.notifications.kind.missedCall, 'Anna') })).toBeVisible();
  } finally {
    await server.dispose();
  }
});

test('calls: nobody answers, and after the ring time both sides know it was missed', async ({ browser }) => {
  const server = await WoxlyServer.start(['--call-ring-seconds', String(SHORT_RING_SECONDS)]);
  try {
    const anna = await person(browser, server.url, 'Anna');
    const boris = await person(browser, server.url, 'Boris');
    await befriend(anna, boris);
    // The ring is short, so whether the test sees the card before it stops is down to timing: what it
    // checks is what stays — Boris was called, missed it, and his tab no longer rings.
    await callFromFriends(anna.page, 'Boris');
    await expect(anna.page.getByTestId('call-outcome')).toHaveText(name(ru.calls.missed, 'Boris'), { timeout: 30_000 });
    await expect(boris.page.getByTestId('ringing-call')).toBeHidden();
    await boris.page.getByTestId('notification-bell').click();
    const items = boris.page.getByTestId('notification-item');
    await expect(items.filter({ hasText: name(ru.notifications.kind.incomingCall, 'Anna') })).toHaveCount(1);
    await expect(items.filter({ hasText: name(ru.notifications.kind.missedCall, 'Anna') })).toHaveCount(1);
  } finally {
    await server.dispose();
  }
});
