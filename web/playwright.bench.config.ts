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
});
