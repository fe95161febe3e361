import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: the production PWA served by the real API, driven with
// playwright-core and Debian's Chromium. One file at a time (each starts its own server).
export default defineConfig({
  test: {
    include: ['apps/web/e2e/**/*.e2e.spec.ts'],
    environment: 'node',
    globalSetup: ['apps/web/e2e/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    sequence: { concurrent: false },
    reporters: ['default'],
  },
});
