import swc from 'unplugin-swc';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// API + shared library tests. SWC (not esbuild) so Nest gets decorator metadata for DI.
export default defineConfig({
  plugins: [
    swc.vite({
      tsconfigFile: false,
      module: { type: 'es6' },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        keepClassNames: true,
      },
    }),
  ],
  resolve: {
    alias: { '@pixel-wars/protocol': fileURLToPath(new URL('./libs/protocol/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['libs/**/*.spec.ts', 'bench/**/*.spec.ts', 'apps/api/**/*.spec.ts', 'apps/web/scripts/**/*.spec.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'apps/web/src/**', 'apps/web/e2e/**', '**/*.slow.spec.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
