import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const WEB_DIST = join(ROOT, 'dist/apps/web/browser');
export const API_MAIN = join(ROOT, 'dist/apps/api/main.js');
/** Screenshots and traces of the browser tests (git-ignored). */
export const RESULTS = join(ROOT, 'test-results');
export const DOCS_SCREENSHOTS = join(ROOT, 'docs/screenshots');
