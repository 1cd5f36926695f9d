import { defineConfig } from '@playwright/test';

// Only the Electron smoke test: it launches the app itself, so no browser and no web server.
export default defineConfig({
  testDir: '.',
  testMatch: 'smoke.spec.ts',
  timeout: 60_000,
  reporter: [['list']],
  outputDir: '../../test-results/electron',
});
