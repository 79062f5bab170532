// Cluster mode from the browser: two people whose pages are served by two different nodes (one
// PostgreSQL database, one Redis) see each other online, chat and talk by voice. Needs PostgreSQL:
// runs in the PostgreSQL suite (make test-postgres), see playwright.config.ts.

import { expect, send, test } from './app';
import { WoxlyCluster } from './cluster';
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
