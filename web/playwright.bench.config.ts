import { defineConfig } from '@playwright/test';
import config from './playwright.config';

// Browser benchmarks (make bench): the same browser and server set-up as the tests, run on their own,
// one at a time; they print figures and assert nothing about speed (docs/benchmarks.md).
export default defineConfig({
  ...config,
  testDir: 'bench',
  testMatch: '*.bench.ts',
  testIgnore: [],
  timeout: 900_000,
  // Four browsers on two cores keep the machine saturated: a click may take long to be taken.
  use: { ...config.use, actionTimeout: 60_000 },
  expect: { timeout: 60_000 },
});
