import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from '../support/test-app';

function get(url: string, headers: Record<string, string> = {}, localAddress = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /api/metrics access and endpoint rate limits', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('without METRICS_TOKEN: loopback clients only, 404 NOT_FOUND for anyone else', async () => {
    t = await startTestApp({ TRUST_PROXY: '1' });
    const local = await get(`${t.url}/api/metrics`);
    expect(local.status).toBe(200);
    expect(local.body).toContain('pixelwars_engine_connections');
    // through a trusted proxy the client is the forwarded address, not the proxy's loopback
    const remote = await get(`${t.url}/api/metrics`, { 'x-forwarded-for': '198.51.100.4' });
    expect(remote.status).toBe(404);
    expect(JSON.parse(remote.body)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await get(`${t.url}/api/metrics`, { 'x-forwarded-for': '127.0.0.1' })).status).toBe(200);
  });

  it('without METRICS_TOKEN and TRUST_PROXY: a request forwarded by some proxy is not local', async () => {
    t = await startTestApp({});
    expect((await get(`${t.url}/api/metrics`)).status).toBe(200);
    const forwarded = await get(`${t.url}/api/metrics`, { 'x-forwarded-for': '198.51.100.4' });
    expect(forwarded.status).toBe(404);
  });

  it('with METRICS_TOKEN: Authorization: Bearer <token>, else 401 UNAUTHORIZED (loopback included)', async () => {
    const token = 'metrics-token-0123456789';
    t = await startTestApp({ METRICS_TOKEN: token });
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-0123456789' },
      { authorization: token },
      { authorization: `Basic ${token}` },
    ];
    for (const headers of attempts) {
      const res = await get(`${t.url}/api/metrics`, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    const ok = await get(`${t.url}/api/metrics`, { authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('pixelwars_event_loop_delay_p99_ms');
  });

  it('health and metrics are rate-limited per client like every endpoint', async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MIN: '5' });
    for (const path of ['/api/health', '/api/metrics']) {
      const answers: number[] = [];
      for (let i = 0; i < 7; i++) answers.push((await get(`${t.url}${path}`, {}, '127.0.0.70')).status);
      expect(answers, path).toEqual([200, 200, 200, 200, 200, 429, 429]);
    }
  });
});
