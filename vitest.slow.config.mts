import { defineConfig } from 'vitest/config';
import base from './vitest.config.mts';

// The slower fault suite: real server child processes, production builds, kill -9.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['apps/api/**/*.slow.spec.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 120_000,
    maxWorkers: 1,
    globalSetup: ['apps/api/test/support/slow-suite.setup.ts'],
  },
});
