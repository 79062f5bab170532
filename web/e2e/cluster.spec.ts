// Cluster mode from the browser: two people whose pages are served by two different nodes (one
// PostgreSQL database, one Redis) see each other online, chat and talk by voice, and a screen shared on
// one node is watched on the other (VIDEO-2). Needs PostgreSQL:
// runs in the PostgreSQL suite (make test-postgres), see playwright.config.ts.

import { expect, ru, send, test } from './app';
import { WoxlyCluster } from './cluster';
import { expectFramesGrowing, inboundVideo } from './video';
import { intoVoice, expectHearing, person, roomOf } from './voice';

let cluster: WoxlyCluster;
test.beforeEach(async () => {
  cluster = await WoxlyCluster.start(2);
});
test.afterEach(async () => {
  await cluster.dispose();
});

test('two people on two different nodes chat and talk by voice', async ({ browser }) => {
  const anna = await person(browser, cluster.url(0), 'Anna');
  const boris = await person(browser, cluster.url(1), 'Boris');
  const roomId = await roomOf(anna, [boris]);

  await intoVoice(anna.page, roomId);
  await intoVoice(boris.page, roomId);
  await Promise.all([expectHearing(anna.page, 1), expectHearing(boris.page, 1)]);

  await send(anna.page, 'hello from the first node');
  await expect(boris.page.getByText('hello from the first node')).toBeVisible();
  await send(boris.page, 'and back from the second');
  await expect(anna.page.getByText('and back from the second')).toBeVisible();
});

test('a screen shared on one node is watched on the other, and only by who watches', async ({ browser }) => {
  const anna = await person(browser, cluster.url(0), 'Anna');
  const boris = await person(browser, cluster.url(1), 'Boris');
  const vera = await person(browser, cluster.url(1), 'Vera');
  const roomId = await roomOf(anna, [boris, vera]);
  for (const who of [anna, boris, vera]) await intoVoice(who.page, roomId);
  await Promise.all([expectHearing(anna.page, 2), expectHearing(boris.page, 2)]);

  await anna.page.getByRole('button', { name: ru.video.share }).click();
  await anna.page.getByRole('menuitem', { name: new RegExp(ru.video.text) }).click();
  const notice = (page: typeof boris.page) => page.getByTestId('share-notice').filter({ hasText: 'Anna' });
  await notice(boris.page).getByRole('button', { name: ru.video.watch }).click();
  await expectFramesGrowing(boris.page, '[data-testid="share-stage"]');
  // Vera, on the same node as Boris, is told of the share and receives none of it.
  await expect(notice(vera.page)).toBeVisible();
  expect(await inboundVideo(vera.page)).toEqual([]);
  // Stopped on the first node: gone at once on the second.
  await anna.page.getByRole('button', { name: ru.video.stopShare }).click();
  await expect(notice(boris.page)).toBeHidden();
  await expect(boris.page.getByTestId('share-stage')).toContainText(ru.video.stopped.replace('{{name}}', 'Anna'));
});
