import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsHtml, apiSecurityHeaders, documentSecurityHeaders } from './security-headers';

/** Headers only helmet's full set sends (none of them means anything on a JSON answer). */
const DOCUMENT_ONLY = [
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-frame-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

async function serve(production: boolean, telegram = false): Promise<{ url: string; close: () => Promise<void> }> {
  // as bootstrap wires them: the short set on every route, helmet's full set in the document context
  const app = Fastify({ logger: false });
  app.addHook('onRequest', apiSecurityHeaders({ production, telegram }));
  app.get('/api/canvas', () => ({ ok: true }));
  app.post('/api/canvas/pixels', (_req, reply) => reply.code(201).send({ version: 1 }));
  await app.register(async (web) => {
    await web.register(fastifyHelmet, documentSecurityHeaders({ production, telegram }));
    web.get('/', (_req, reply) => reply.type('text/html').send('<!doctype html><title>x</title>'));
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

describe('securityHeaders', () => {
  let dev: Awaited<ReturnType<typeof serve>>;
  let prod: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    dev = await serve(false);
    prod = await serve(true);
  });
  afterAll(async () => {
    await dev.close();
    await prod.close();
  });

  it("sends helmet's full set on HTML", async () => {
    const res = await fetch(`${dev.url}/`);
    for (const name of DOCUMENT_ONLY) expect(res.headers.get(name), name).not.toBeNull();
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin-allow-popups');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends API answers only nosniff and the same CSP (HSTS in production), not the document headers', async () => {
    const html = (await fetch(`${dev.url}/`)).headers.get('content-security-policy');
    for (const res of [await fetch(`${dev.url}/api/canvas`), await fetch(`${dev.url}/api/canvas/pixels`, { method: 'POST' })]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe(html);
      for (const name of DOCUMENT_ONLY) expect(res.headers.get(name), name).toBeNull();
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('with the Telegram bot, lets web.telegram.org frame the PWA (CSP, no X-Frame-Options)', async () => {
    const tg = await serve(false, true);
    try {
      const res = await fetch(`${tg.url}/`);
      expect(res.headers.get('content-security-policy')).toContain('frame-ancestors https://web.telegram.org');
      expect(res.headers.get('content-security-policy')).toContain('https://telegram.org/js/telegram-web-app.js');
      expect(res.headers.get('x-frame-options')).toBeNull();
    } finally {
      await tg.close();
    }
  });

  it('keeps HSTS and upgrade-insecure-requests in production, on HTML and API alike', async () => {
    for (const path of ['/', '/api/canvas']) {
      const res = await fetch(`${prod.url}${path}`);
      expect(res.headers.get('strict-transport-security'), path).toMatch(/max-age=\d+/);
      expect(res.headers.get('content-security-policy'), path).toContain('upgrade-insecure-requests');
    }
  });
});

describe('acceptsHtml', () => {
  it("answers like Express's req.accepts('html')", () => {
    expect(acceptsHtml(undefined)).toBe(true);
    expect(acceptsHtml('text/html,application/xhtml+xml,*/*;q=0.8')).toBe(true);
    expect(acceptsHtml('*/*')).toBe(true);
    expect(acceptsHtml('text/*')).toBe(true);
    expect(acceptsHtml('application/json')).toBe(false);
    expect(acceptsHtml('image/avif,image/webp')).toBe(false);
    expect(acceptsHtml('text/html;q=0')).toBe(false);
  });
});
