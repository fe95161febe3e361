import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackForwarder } from '../../src/app/telegram/feedback-forwarder.service';
import { waitFor } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';
import { FakeBotApi } from './fake-bot-api';

const ADMINS = [111, 333];

interface Row {
  forwarded_at: number | null;
  forward_attempts: number;
  last_forward_error: string | null;
}

function row(t: TestApp, id: number): Row {
  const db = new Database(join(t.dataDir, 'pixel-wars.db'), { readonly: true });
  try {
    return db.prepare('SELECT forwarded_at, forward_attempts, last_forward_error FROM feedback WHERE id = ?').get(id) as Row;
  } finally {
    db.close();
  }
}

async function submit(t: TestApp, message: string): Promise<number> {
  const res = await fetch(`${t.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

const env = (api: FakeBotApi): Record<string, string> => ({
  TELEGRAM_BOT_TOKEN: api.token,
  TELEGRAM_API_ROOT: api.url,
  TELEGRAM_ADMIN_IDS: ADMINS.join(','),
  FEEDBACK_RATE_LIMIT_PER_MIN: '1000',
});

describe('feedback forwarding when the Bot API fails', () => {
  let api: FakeBotApi;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    api = await new FakeBotApi().start();
  });
  afterEach(async () => {
    api.heal();
    for (const t of apps.splice(0)) await t.close();
    api.clear();
  });
  afterAll(async () => {
    await api?.stop();
  });

  const delivered = (id: number, chatId: number) =>
    api.callsOf('sendMessage', (c) => c.result !== undefined && c.params['chat_id'] === chatId && String(c.params['text']).includes(`Feedback #${id}</b>`));

  it.each([
    ['the connection drops', { kind: 'network' as const }],
    ['Telegram answers 500', { kind: 'http-500' as const }],
    ['Telegram asks to retry later (429)', { kind: 'error' as const, code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 }],
  ])('keeps the feedback when %s and forwards it once Telegram is back', async (_label, failure) => {
    const t = await startTestApp(env(api));
    apps.push(t);
    api.fail('sendMessage', failure);
    const id = await submit(t, `kept while failing: ${failure.kind}`);
    await waitFor(() => row(t, id).forward_attempts >= 1, 5000);
    expect(row(t, id)).toMatchObject({ forwarded_at: null });
    expect(row(t, id).last_forward_error).toBeTruthy();

    api.heal();
    await t.app.get(FeedbackForwarder).flush();
    expect(row(t, id).forwarded_at).not.toBeNull();
    for (const chatId of ADMINS) expect(delivered(id, chatId)).toHaveLength(1);
  });

  it('forwards feedback stored while Telegram was down after a restart', async () => {
    const first = await startTestApp(env(api));
    api.fail('*', { kind: 'network' });
    const id = await submit(first, 'submitted during an outage');
    await waitFor(() => row(first, id).forward_attempts >= 1, 5000);
    await first.close({ keepData: true });

    api.heal();
    const second = await startTestApp(env(api), first.dataDir);
    apps.push(second);
    for (const chatId of ADMINS) await waitFor(() => delivered(id, chatId).length === 1, 2000);
    await waitFor(() => row(second, id).forwarded_at !== null);
  });

  it('never sends twice to a chat that already got it', async () => {
    const t = await startTestApp(env(api));
    apps.push(t);
    api.fail('sendMessage', { kind: 'http-500' }, (params) => params['chat_id'] === 333);
    const id = await submit(t, 'half delivered');
    await waitFor(() => row(t, id).forward_attempts >= 1, 5000);
    expect(delivered(id, 111)).toHaveLength(1);
    expect(row(t, id).forwarded_at).toBeNull();

    api.heal();
    await t.app.get(FeedbackForwarder).flush();
    expect(row(t, id).forwarded_at).not.toBeNull();
    expect(delivered(id, 111)).toHaveLength(1);
    expect(delivered(id, 333)).toHaveLength(1);
  });

  it('does not hold feedback back for an admin who never opened the bot, but retries while nobody can receive it', async () => {
    const t = await startTestApp(env(api));
    apps.push(t);
    const forbidden = { kind: 'error' as const, code: 403, description: "Forbidden: bot can't initiate conversation with a user" };
    api.fail('sendMessage', forbidden, (params) => params['chat_id'] === 333);
    const partly = await submit(t, 'one admin can read this');
    await waitFor(() => row(t, partly).forwarded_at !== null, 5000);
    expect(delivered(partly, 111)).toHaveLength(1);

    api.fail('sendMessage', forbidden);
    const nobody = await submit(t, 'nobody can read this yet');
    await waitFor(() => row(t, nobody).forward_attempts >= 1, 5000);
    expect(row(t, nobody).forwarded_at).toBeNull();
    expect(row(t, nobody).last_forward_error).toContain('press Start');

    api.heal();
    await t.app.get(FeedbackForwarder).flush();
    expect(row(t, nobody).forwarded_at).not.toBeNull();
  });
});
