import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from '../support/test-app';

const FINGERPRINT = Array(32).fill('AB').join(':');

describe('GET /.well-known/assetlinks.json (Trusted Web Activity)', () => {
  let web: string;
  beforeAll(() => {
    // a built PWA, so the SPA fallback is in play: it must not answer this path with index.html
    web = mkdtempSync(join(tmpdir(), 'pixel-wars-web-'));
    mkdirSync(web, { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>app</title>');
  });
  afterAll(() => rmSync(web, { recursive: true, force: true }));

  describe('with ANDROID_PACKAGE and ANDROID_CERT_SHA256', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ WEB_DIST_DIR: web, ANDROID_PACKAGE: 'com.example.pixelwars', ANDROID_CERT_SHA256: `${FINGERPRINT},${'cd'.repeat(32)}` });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('serves the Digital Asset Links statement for the package and every fingerprint', async () => {
      const res = await fetch(`${app.url}/.well-known/assetlinks.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual([
        {
          relation: ['delegate_permission/common.handle_all_urls'],
          target: { namespace: 'android_app', package_name: 'com.example.pixelwars', sha256_cert_fingerprints: [FINGERPRINT, Array(32).fill('CD').join(':')] },
        },
      ]);
      expect((await fetch(`${app.url}/api/.well-known/assetlinks.json`)).status).toBe(404);
    });
  });

  describe('without them', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ WEB_DIST_DIR: web });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('answers 404 JSON, not the PWA', async () => {
      const res = await fetch(`${app.url}/.well-known/assetlinks.json`, { headers: { accept: 'text/html,*/*' } });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('NOT_FOUND');
      expect((await fetch(`${app.url}/`, { headers: { accept: 'text/html' } })).status).toBe(200);
    });
  });
});
