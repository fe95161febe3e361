import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app/bootstrap';
import { AppConfig, loadAppConfig } from '../../src/app/config/app-config';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** http://127.0.0.1:PORT */
  url: string;
  dataDir: string;
  close(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * Starts the real application on a free port with a fresh data directory.
 * `env` overrides the defaults (fast ticks, no cooldown unless asked).
 */
export async function startTestApp(env: Record<string, string> = {}, dataDir?: string): Promise<TestApp> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'pixel-wars-test-'));
  const config = loadAppConfig({
    DATA_DIR: dir,
    CANVAS_WIDTH: '64',
    CANVAS_HEIGHT: '48',
    TICK_MS: '10',
    COOLDOWN_MS: '0',
    RATE_LIMIT_PER_MIN: '100000',
    AUTH_RATE_LIMIT_PER_MIN: '100000',
    MAX_SOCKETS_PER_IP: '100000', // every test client shares 127.0.0.1
    WEB_DIST_DIR: join(dir, 'no-web'),
    ...env,
  });
  const app = await createApp(config, ['error']);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    url: `http://127.0.0.1:${address.port}`,
    dataDir: dir,
    async close(options = {}) {
      await app.close();
      if (!options.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function readBytes(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}
