import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from '../support/test-app';

const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('JSON body limits per endpoint', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ GOOGLE_CLIENT_ID: 'test-client.apps.googleusercontent.com', AUTH_DEV_LOGIN: 'true' });
  });
  afterAll(async () => t?.close());

  it('limits ordinary bodies to 1 KiB', async () => {
    const res = await post(`${t.url}/api/auth/dev`, JSON.stringify({ name: 'x'.repeat(1100) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('lets a real-sized Google credential (~1.2 KB) reach the verifier', async () => {
    const credential = `eyJ${'a'.repeat(1400)}.${'b'.repeat(300)}.${'c'.repeat(342)}`;
    const res = await post(`${t.url}/api/auth/google`, JSON.stringify({ credential }));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'INVALID_GOOGLE_TOKEN' });
  });

  it('still refuses absurd bodies on the larger endpoints', async () => {
    expect((await post(`${t.url}/api/auth/google`, JSON.stringify({ credential: 'x'.repeat(10_000) }))).status).toBe(413);
    expect((await post(`${t.url}/api/feedback`, JSON.stringify({ message: 'x'.repeat(40_000) }))).status).toBe(413);
  });
});
