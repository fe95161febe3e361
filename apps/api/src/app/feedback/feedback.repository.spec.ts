import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { implementationFor, OpenedStorage, STORAGE_BACKENDS } from '../../../test/support/storage-backends';
import type { Database } from '../storage/database';
import { FeedbackRepository, NewFeedback } from './feedback.repository';
import { PostgresFeedbackRepository } from './postgres-feedback.repository';
import { SqliteFeedbackRepository } from './sqlite-feedback.repository';

const feedback = (message: string, createdAt: number, extra: Partial<NewFeedback> = {}): NewFeedback => ({
  message,
  contact: null,
  userId: null,
  ipHash: 'ab'.repeat(32),
  userAgent: null,
  createdAt,
  ...extra,
});

describe.each(STORAGE_BACKENDS)('FeedbackRepository contract on $name', (backend) => {
  let storage: OpenedStorage<Database>;
  let repo: FeedbackRepository;

  beforeAll(async () => {
    storage = await backend.open('feedback');
    repo = implementationFor<FeedbackRepository>(storage.db, {
      sqlite: (db) => new SqliteFeedbackRepository(db),
      postgres: (db) => new PostgresFeedbackRepository(db),
    });
  });
  beforeEach(async () => {
    await storage.exec('DELETE FROM feedback');
  });
  afterAll(async () => {
    await storage?.close();
  });

  it('stores feedback and reads it back; newest first', async () => {
    const a = await repo.insert(feedback('first', 1000, { contact: 'me@x.y', userId: 'u1', userAgent: 'UA/1' }));
    const b = await repo.insert(feedback('second', 2000));
    expect(b).toBeGreaterThan(a);
    expect(await repo.findById(a)).toEqual({
      id: a,
      message: 'first',
      contact: 'me@x.y',
      userId: 'u1',
      ipHash: 'ab'.repeat(32),
      userAgent: 'UA/1',
      createdAt: 1000,
      forwardedAt: null,
      forwardAttempts: 0,
      nextForwardAt: 1000,
      lastForwardError: null,
    });
    expect((await repo.latest(10)).map((f) => f.message)).toEqual(['second', 'first']);
    expect((await repo.latest(1)).map((f) => f.id)).toEqual([b]);
    expect(await repo.findById(b + 1000)).toBeNull();
  });

  it('never hands out an id twice, even after the newest row is deleted', async () => {
    const a = await repo.insert(feedback('a', 1000));
    await storage.exec('DELETE FROM feedback WHERE id = ?', [a]);
    expect(await repo.insert(feedback('b', 1000))).toBeGreaterThan(a);
  });

  it('lists what is due, oldest first; failures back off; forwarded feedback leaves the queue', async () => {
    const a = await repo.insert(feedback('a', 1000));
    const b = await repo.insert(feedback('b', 2000));
    const c = await repo.insert(feedback('c', 3000));
    expect((await repo.dueForForwarding(2500, 10)).map((f) => f.id)).toEqual([a, b]);
    expect((await repo.dueForForwarding(9999, 2)).map((f) => f.id)).toEqual([a, b]);
    expect(await repo.nextForwardAt()).toBe(1000);

    await repo.markForwardFailed(a, 60_000, `ECONNREFUSED ${'x'.repeat(600)}`);
    const failed = await repo.findById(a);
    expect(failed).toMatchObject({ forwardAttempts: 1, nextForwardAt: 60_000, forwardedAt: null });
    expect(failed?.lastForwardError).toHaveLength(500);
    await repo.markForwardFailed(a, 70_000, 'again');
    expect(await repo.findById(a)).toMatchObject({ forwardAttempts: 2, nextForwardAt: 70_000, lastForwardError: 'again' });
    expect((await repo.dueForForwarding(9999, 10)).map((f) => f.id)).toEqual([b, c]);

    await repo.markForwarded(b, 5000);
    await repo.markForwarded(c, 5000);
    expect(await repo.nextForwardAt()).toBe(70_000);
    await repo.markForwarded(a, 71_000);
    expect(await repo.findById(a)).toMatchObject({ forwardedAt: 71_000, lastForwardError: null });
    expect(await repo.dueForForwarding(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    expect(await repo.nextForwardAt()).toBeNull();
  });

  it('records each (feedback, chat) delivery once, with 64-bit chat ids', async () => {
    const id = await repo.insert(feedback('hello', 1000));
    const group = -1_001_234_567_890;
    expect(await repo.deliveredChats(id)).toEqual(new Set());
    await repo.recordDelivery(id, 7, 11, 2000);
    await Promise.all([repo.recordDelivery(id, group, 12, 2000), repo.recordDelivery(id, group, 13, 2001), repo.recordDelivery(id, 7, 14, 2002)]);
    expect(await repo.deliveredChats(id)).toEqual(new Set([7, group]));
    const rows = await storage.all('SELECT chat_id, message_id FROM feedback_deliveries WHERE feedback_id = ? ORDER BY chat_id', [id]);
    expect(rows).toEqual([
      { chat_id: group, message_id: expect.any(Number) },
      { chat_id: 7, message_id: 11 },
    ]);
    expect(await repo.deliveredChats(await repo.insert(feedback('other', 1000)))).toEqual(new Set());
  });

  it('counts total, pending and recent feedback', async () => {
    expect(await repo.counts(0)).toEqual({ total: 0, pending: 0, recent: 0 });
    const a = await repo.insert(feedback('a', 1000));
    await repo.insert(feedback('b', 5000));
    await repo.insert(feedback('c', 9000));
    await repo.markForwarded(a, 2000);
    expect(await repo.counts(5000)).toEqual({ total: 3, pending: 2, recent: 2 });
  });

  it('keeps the first ip salt: later and parallel candidates get the stored one', async () => {
    const first = randomBytes(32);
    const results = await Promise.all([repo.ipSalt(first), ...Array.from({ length: 5 }, () => repo.ipSalt(randomBytes(32)))]);
    const stored = results[0];
    expect(stored).toHaveLength(32);
    for (const salt of results) expect(Buffer.from(salt).equals(Buffer.from(stored))).toBe(true);
    expect(Buffer.from(await repo.ipSalt(randomBytes(32))).equals(Buffer.from(stored))).toBe(true);
  });
});
