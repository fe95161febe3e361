import { rmSync } from 'node:fs';
import { TEST_BUILDS_DIR } from './server-process';

/** The slow suite builds the API once per run under dist/test-builds; start and end clean. */
export default function setup(): () => void {
  rmSync(TEST_BUILDS_DIR, { recursive: true, force: true });
  return () => rmSync(TEST_BUILDS_DIR, { recursive: true, force: true });
}
