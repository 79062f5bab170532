// WOXLY over HTTPS with its own self-signed certificate (SAFE-1), as on a LAN: the page is a secure
// context (so the browser offers the microphone), it comes over HTTP/2, and the socket over WSS
// carries live events.

import { call, expect, me, openApp, register, test } from './app';
import { WoxlyServer } from './server';

let server: WoxlyServer;
test.beforeAll(async () => {
  server = await WoxlyServer.start(['--tls-self-signed']);
});
test.afterAll(async () => {
  await server?.dispose();
});

test('over HTTPS: a secure page on HTTP/2, live events over WSS, HSTS', async ({ browser }) => {
  expect(server.url).toMatch(/^https:/);
  const lena = await openApp(browser, server.url, true);
  const oleg = await openApp(browser, server.url, true);
  await register(lena, 'lena');
  await register(oleg, 'oleg');

  const page = await lena.evaluate(() => ({
    secure: window.isSecureContext,
    protocol: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).nextHopProtocol,
    microphone: typeof navigator.mediaDevices?.getUserMedia,
  }));
  expect(page).toEqual({ secure: true, protocol: 'h2', microphone: 'function' });
  const health = await lena.request.get('/api/health');
  expect(health.headers()['strict-transport-security']).toBe('max-age=31536000');

  // Oleg accepts Lena's request; her open page hears it over the socket.
  await call(lena, 'POST', '/friends/add', { userId: (await me(oleg)).id });
  const { incoming } = await call(oleg, 'GET', '/friends/requests');
  await call(oleg, 'POST', `/friends/requests/${incoming[0].id}/accept`);
  await expect(lena.getByTestId('friend-row').filter({ hasText: 'oleg' })).toBeVisible();
});
