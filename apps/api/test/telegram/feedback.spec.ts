import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devSignIn } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';

interface StoredFeedback {
  id: number;
  message: string;
  contact: string | null;
  user_id: string | null;
  ip_hash: string;
  user_agent: string | null;
  forwarded_at: number | null;
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /api/feedback (bot off)', () => {
  let t: TestApp;
  const stored = (id: number): StoredFeedback => {
    const db = new Database(join(t.dataDir, 'pixel-wars.db'), { readonly: true });
    try {
      return db.prepare('SELECT * FROM feedback WHERE id = ?').get(id) as StoredFeedback;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    t = await startTestApp({ FEEDBACK_RATE_LIMIT_PER_MIN: '100' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores a guest feedback: 201 {id}, IP hashed, user agent kept, not forwarded', async () => {
    const res = await post(t.url, { message: '  Love it  ', contact: 'me@example.com' }, { 'user-agent': 'feedback-spec/1.0' });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['id']);
    expect(Number.isInteger(body.id)).toBe(true);
    const row = stored(body.id);
    expect(row).toMatchObject({ message: 'Love it', contact: 'me@example.com', user_id: null, user_agent: 'feedback-spec/1.0', forwarded_at: null });
    expect(row.ip_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.ip_hash).not.toContain('127.0.0.1');
  });

  it('records the user id of a signed-in sender and treats a bad token as a guest', async () => {
    const session = await devSignIn(t.url, 'erin');
    expect(session).not.toBeNull();
    const me = await (await fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${session!.accessToken}` } })).json();
    const signedIn = await post(t.url, { message: 'signed in' }, { authorization: `Bearer ${session!.accessToken}` });
    expect(signedIn.status).toBe(201);
    expect(stored((await signedIn.json()).id).user_id).toBe(me.user.id);
    const stale = await post(t.url, { message: 'stale token' }, { authorization: 'Bearer not.a.token' });
    expect(stale.status).toBe(201);
    expect(stored((await stale.json()).id).user_id).toBeNull();
  });

  it.each([
    ['no message', { contact: 'x' }],
    ['an empty message', { message: '' }],
    ['a blank message', { message: ' \n\t ' }],
    ['a contact over 200 characters', { message: 'hi', contact: 'c'.repeat(201) }],
    ['a message over 2000 characters', { message: 'a'.repeat(2001) }],
    ['an extra field', { message: 'hi', rating: 5 }],
    ['a number as message', { message: 42 }],
    ['a number as contact', { message: 'hi', contact: 7 }],
    ['an array body', [{ message: 'hi' }]],
    ['a string body', '"hi"'],
    ['null', 'null'],
  ])('answers 400 INVALID_FEEDBACK for %s', async (_label, body) => {
    const res = await post(t.url, body);
    expect(res.status).toBe(400);
    const error = await res.json();
    expect(error.code).toBe('INVALID_FEEDBACK');
    expect(typeof error.message).toBe('string');
  });

  it('accepts the longest message and contact, counted in characters', async () => {
    expect((await post(t.url, { message: 'a'.repeat(2000), contact: 'c'.repeat(200) })).status).toBe(201);
    expect((await post(t.url, { message: '🎨'.repeat(2000) })).status).toBe(201);
  });

  it('accepts a 200-character contact and a null contact', async () => {
    expect((await post(t.url, { message: 'long contact', contact: 'c'.repeat(200) })).status).toBe(201);
    expect((await post(t.url, { message: 'no contact', contact: null })).status).toBe(201);
  });

  it('rate-limits accepted feedback per client with 429 and Retry-After', async () => {
    const limited = await startTestApp({ FEEDBACK_RATE_LIMIT_PER_MIN: '2' });
    try {
      expect((await post(limited.url, { message: 'one' })).status).toBe(201);
      expect((await post(limited.url, { message: '' })).status).toBe(400);
      expect((await post(limited.url, { message: 'two' })).status).toBe(201);
      const third = await post(limited.url, { message: 'three' });
      expect(third.status).toBe(429);
      expect((await third.json()).code).toBe('RATE_LIMITED');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      const session = await devSignIn(limited.url, 'frank');
      const other = await post(limited.url, { message: 'from a signed-in user' }, { authorization: `Bearer ${session!.accessToken}` });
      expect(other.status).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
