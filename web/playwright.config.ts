import { defineConfig } from '@playwright/test';

// End-to-end tests: Debian's Chromium (never a downloaded browser), headless, against the real
// server binary started by each test on a temporary SQLite database.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Voice: a fake microphone (a beep, or the file a test names), allowed without asking, played at once.
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

export default defineConfig({
  testDir: 'e2e',
  // Several nodes need PostgreSQL: the cluster spec runs in the PostgreSQL suite (make test-postgres
  // sets WOXLY_E2E_CLUSTER and runs only it), the other specs in make test.
  ...(process.env.WOXLY_E2E_CLUSTER ? { testMatch: 'cluster.spec.ts' } : { testIgnore: 'cluster.spec.ts' }),
  outputDir: 'test-results',
  timeout: 240_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1, // two cores: the server and two or three browsers already share them
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: process.env.WOXLY_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs },
    viewport: { width: 1280, height: 800 },
    locale: 'ru-RU',
    actionTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
