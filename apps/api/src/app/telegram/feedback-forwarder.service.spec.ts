import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Context, Telegraf, TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { FeedbackRepository } from '../feedback/feedback.repository';
import { FeedbackService } from '../feedback/feedback.service';
import { AdminLanguages } from './admin-languages';
import { SqliteAdminLanguageRepository } from './admin-language.repository';
import { SqliteDatabase } from '../storage/sqlite-database';
import { UsersService } from '../users/users.service';
import { FeedbackForwarder, forwardRetryDelay } from './feedback-forwarder.service';
import { TelegramSettings } from './telegram-settings';
import { SqliteFeedbackRepository } from '../feedback/sqlite-feedback.repository';

describe('forwardRetryDelay', () => {
  it('doubles from 5 s up to 30 min', () => {
    expect([1, 2, 3, 4].map(forwardRetryDelay)).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(forwardRetryDelay(30)).toBe(30 * 60_000);
  });
});

describe('FeedbackForwarder retry loop', () => {
  let dir: string;
  let database: SqliteDatabase;
  let repository: FeedbackRepository;
  let listener: (() => void) | null;
  /** sendMessage calls of the Bot API (the only method the forwarder uses). */
  const sendMessage = vi.fn();

  function forwarder(): FeedbackForwarder {
    const callApi = (method: string, payload: Record<string, unknown>) => {
      expect(method).toBe('sendMessage');
      return sendMessage(payload['chat_id'], payload['text']);
    };
    const bot = { telegram: { callApi } } as unknown as Telegraf<Context>;
    const settings = new TelegramSettings(
      { botToken: '1:x', adminIds: [7], apiRoot: null, webhookUrl: null, authMaxAgeSeconds: 86_400, botUsername: null },
      'https://pixels.example',
    );
    const feedback = { onSubmitted: (l: () => void) => ((listener = l), () => undefined) } as unknown as FeedbackService;
    const users = { findById: async () => null } as unknown as UsersService;
    return new FeedbackForwarder(bot, settings, repository, feedback, users, new AdminLanguages(new SqliteAdminLanguageRepository(database)));
  }

  const store = (message: string) =>
    repository.insert({ message, contact: null, userId: null, ipHash: 'ab'.repeat(32), userAgent: null, createdAt: Date.now() });

  beforeEach(() => {
    Logger.overrideLogger(['error']);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    dir = mkdtempSync(join(tmpdir(), 'pixel-wars-forwarder-'));
    database = new SqliteDatabase(new ConfigurationService(loadAppConfig({ DATA_DIR: dir })));
    repository = new SqliteFeedbackRepository(database);
    listener = null;
    sendMessage.mockReset();
  });
  afterEach(() => {
    vi.useRealTimers();
    database.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries with back-off on its own until Telegram answers, then stops', async () => {
    sendMessage
      .mockRejectedValueOnce(new Error('connect ECONNREFUSED'))
      .mockRejectedValueOnce(new TelegramError({ error_code: 502, description: 'Bad Gateway' }))
      .mockResolvedValue({ message_id: 1 });
    const id = await store('hello');
    const f = forwarder();
    f.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sendMessage).toHaveBeenCalledTimes(1);
    expect(await repository.findById(id)).toMatchObject({ forwardedAt: null, forwardAttempts: 1, lastForwardError: 'connect ECONNREFUSED' });

    await vi.advanceTimersByTimeAsync(4900);
    expect(sendMessage).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(sendMessage).toHaveBeenCalledTimes(2);
    expect((await repository.findById(id))?.forwardAttempts).toBe(2);

    await vi.advanceTimersByTimeAsync(10_000);
    expect(sendMessage).toHaveBeenCalledTimes(3);
    expect((await repository.findById(id))?.forwardedAt).not.toBeNull();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(sendMessage).toHaveBeenCalledTimes(3);
    await f.stop();
  });

  it('honours retry_after and sends new feedback as soon as it is stored', async () => {
    sendMessage
      .mockRejectedValueOnce(new TelegramError({ error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 60 } }))
      .mockResolvedValue({ message_id: 2 });
    const f = forwarder();
    f.start();
    const first = await store('first');
    listener!();
    await vi.advanceTimersByTimeAsync(0);
    expect(sendMessage).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(sendMessage).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sendMessage).toHaveBeenCalledTimes(2);
    expect((await repository.findById(first))?.forwardedAt).not.toBeNull();

    const second = await store('second');
    listener!();
    await vi.advanceTimersByTimeAsync(0);
    expect(sendMessage).toHaveBeenCalledTimes(3);
    expect((await repository.findById(second))?.forwardedAt).not.toBeNull();
    await f.stop();
  });

  it('keeps its schedule when the database is away for a moment', async () => {
    sendMessage.mockResolvedValue({ message_id: 3 });
    const outage = vi.spyOn(repository, 'nextForwardAt').mockRejectedValueOnce(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const f = forwarder();
    f.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(outage).toHaveBeenCalledTimes(1);
    const id = await store('stored while the forwarder could not read its queue');
    await vi.advanceTimersByTimeAsync(5000);
    expect(sendMessage).toHaveBeenCalledTimes(1);
    expect((await repository.findById(id))?.forwardedAt).not.toBeNull();
    await f.stop();
  });
});

describe('FeedbackForwarder start/stop (driven by a leader lock with several instances)', () => {
  let dir: string;
  let database: SqliteDatabase;
  let repository: FeedbackRepository;
  const listeners = new Set<() => void>();
  const sendMessage = vi.fn(async () => ({ message_id: 1 }));

  beforeEach(() => {
    Logger.overrideLogger(['error']);
    dir = mkdtempSync(join(tmpdir(), 'pixel-wars-forwarder-'));
    database = new SqliteDatabase(new ConfigurationService(loadAppConfig({ DATA_DIR: dir })));
    repository = new SqliteFeedbackRepository(database);
    listeners.clear();
    sendMessage.mockClear();
  });
  afterEach(() => {
    database.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function forwarder(): FeedbackForwarder {
    const bot = { telegram: { callApi: () => sendMessage() } } as unknown as Telegraf<Context>;
    const settings = new TelegramSettings(
      { botToken: '1:x', adminIds: [7], apiRoot: null, webhookUrl: null, authMaxAgeSeconds: 86_400, botUsername: null },
      'https://pixels.example',
    );
    const feedback = { onSubmitted: (l: () => void) => (listeners.add(l), () => listeners.delete(l)) } as unknown as FeedbackService;
    return new FeedbackForwarder(
      bot,
      settings,
      repository,
      feedback,
      { findById: async () => null } as unknown as UsersService,
      new AdminLanguages(new SqliteAdminLanguageRepository(database)),
    );
  }
  const store = (message: string) =>
    repository.insert({ message, contact: null, userId: null, ipHash: 'ab'.repeat(32), userAgent: null, createdAt: Date.now() });
  const submitted = (id: number) => {
    for (const l of listeners) l();
    return id;
  };
  const forwarded = async (id: number) => (await repository.findById(id))?.forwardedAt !== null;

  it('forwards nothing while stopped, catches up on start, and start/stop are idempotent', async () => {
    const f = forwarder();
    const early = await store('while no instance forwards');
    expect(f.active).toBe(false);
    await f.flush();
    expect(sendMessage).not.toHaveBeenCalled();

    f.start();
    f.start();
    expect(listeners.size).toBe(1);
    await vi.waitFor(async () => expect(await forwarded(early)).toBe(true));
    expect(sendMessage).toHaveBeenCalledTimes(1);

    await f.stop();
    await f.stop();
    expect(f.active).toBe(false);
    expect(listeners.size).toBe(0);
    const later = submitted(await store('after losing the lock'));
    await new Promise((r) => setTimeout(r, 50));
    expect(await forwarded(later)).toBe(false);

    f.start();
    await vi.waitFor(async () => expect(await forwarded(later)).toBe(true));
    await f.stop();
  });
});
