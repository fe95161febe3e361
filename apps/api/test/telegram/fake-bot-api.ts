import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Bot API JSON as the tests read it (nested fields indexed freely, like the Bot API documents them). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary Bot API payloads; typing every method would mirror Telegram's schema
export type BotJson = any;

/** One Bot API request the bot made: method name and JSON parameters. */
export interface RecordedCall {
  method: string;
  params: Record<string, BotJson>;
  /** What the fake answered (for sendMessage: the message, with its message_id). */
  result?: BotJson;
  at: number;
}

export interface FakeUser {
  id: number;
  username?: string;
  first_name?: string;
  /** The user's Telegram app language, e.g. "ru" or "en-US". */
  language_code?: string;
}

/**
 * How a failing method fails: HTTP 500, a dropped connection, no answer at all (held until
 * the client gives up or the fake stops), or a Telegram error answer (401, 409, 429, …).
 */
export type Failure = { kind: 'http-500' } | { kind: 'network' } | { kind: 'hang' } | { kind: 'error'; code: number; description: string; retryAfter?: number };

const BOT = { id: 999_000, is_bot: true, first_name: 'Pixel Wars', username: 'pixel_wars_test_bot' };
const MAX_HOLD_MS = 1000;

/**
 * A local stand-in for api.telegram.org (point TELEGRAM_API_ROOT at `url`): records every
 * call, answers like the Bot API, serves queued updates to getUpdates long polling, and can
 * be told to fail some or all methods.
 */
export class FakeBotApi {
  readonly token = '123456789:TEST-fake-token_abcdefghijklmnopqrstu';
  readonly bot = BOT;
  readonly calls: RecordedCall[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private queue: BotJson[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private pollWaiters: Array<() => void> = [];
  private callWaiters: Array<() => void> = [];
  private failures = new Map<string, { failure: Failure; when: (params: Record<string, BotJson>) => boolean }>();
  private held = new Set<ServerResponse>();
  /** Requests held by a 'hang' failure that the client abandoned (aborted) before an answer. */
  abandoned = 0;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const wake of this.pollWaiters.splice(0)) wake();
    this.held.clear();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Makes `method` ('*' for all) fail until `heal()`, for the calls `when` selects (default all). */
  fail(method: string, failure: Failure, when: (params: Record<string, BotJson>) => boolean = () => true): void {
    this.failures.set(method, { failure, when });
  }

  heal(): void {
    this.failures.clear();
  }

  /** Forgets recorded calls and queued updates (between tests sharing one fake). */
  clear(): void {
    this.calls.splice(0);
    this.queue = [];
  }

  callsOf(method: string, predicate: (call: RecordedCall) => boolean = () => true): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && predicate(c));
  }

  /** Resolves with the first call of `method` (after `since` calls) matching `predicate`. */
  async waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    options: { since?: number; timeoutMs?: number } = {},
  ): Promise<RecordedCall> {
    const since = options.since ?? 0;
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    for (;;) {
      const found = this.calls.slice(since).find((c) => c.method === method && predicate(c));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = this.calls.slice(since).map((c) => `${c.method} ${JSON.stringify(c.params).slice(0, 200)}`);
        throw new Error(`no ${method} call matched within ${options.timeoutMs ?? 5000} ms; calls seen:\n${seen.join('\n')}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.callWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Queues a text message from `from` in their private chat (or `chatId`), sent `ageSeconds` ago. */
  sendText(from: FakeUser, text: string, options: { chatId?: number; ageSeconds?: number } = {}): BotJson {
    const chatId = options.chatId ?? from.id;
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0].length }] : undefined;
    return this.push({
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0),
        from: user(from),
        chat: chatId === from.id ? { id: chatId, type: 'private', first_name: from.first_name ?? 'Test' } : { id: chatId, type: 'group', title: 'Group' },
        text,
        ...(entities ? { entities } : {}),
      },
    });
  }

  /** Queues a press on an inline button of a message the bot sent (a recorded sendMessage). */
  pressButton(from: FakeUser, sent: RecordedCall, data: string): BotJson {
    return this.push({
      callback_query: {
        id: String(this.nextMessageId++),
        from: user(from),
        chat_instance: 'ci-1',
        data,
        message: {
          message_id: sent.result?.message_id,
          date: Math.floor(Date.now() / 1000),
          from: BOT,
          chat: { id: Number(sent.params['chat_id']), type: 'private', first_name: 'Test' },
          text: sent.params['text'],
          reply_markup: sent.params['reply_markup'],
        },
      },
    });
  }

  /** The callback_data of every inline button of a recorded sendMessage. */
  static buttons(call: RecordedCall): Array<{ text: string; data: string }> {
    const rows = (call.params['reply_markup']?.inline_keyboard ?? []) as Array<Array<{ text: string; callback_data: string }>>;
    return rows.flat().map((b) => ({ text: b.text, data: b.callback_data }));
  }

  private push(body: Record<string, unknown>): BotJson {
    const update = { update_id: this.nextUpdateId++, ...body };
    this.queue.push(update);
    for (const wake of this.pollWaiters.splice(0)) wake();
    return update;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const body = await readBody(req);
    if (!match) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = match[2];
    let params: Record<string, BotJson> = {};
    if (body.length > 0 && (req.headers['content-type'] ?? '').includes('application/json')) params = JSON.parse(body);
    else if (body.length > 0) params = { multipart: true };
    const call: RecordedCall = { method, params, at: Date.now() };
    this.calls.push(call);
    for (const wake of this.callWaiters.splice(0)) wake();
    if (match[1] !== this.token) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });

    const rule = this.failures.get(method) ?? this.failures.get('*');
    const failure = rule && rule.when(params) ? rule.failure : null;
    if (failure) return this.failWith(failure, req, res);
    switch (method) {
      case 'getMe':
        return send(res, 200, { ok: true, result: BOT });
      case 'getUpdates':
        return this.getUpdates(params, res);
      case 'sendMessage': {
        call.result = {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          from: BOT,
          chat: { id: Number(params['chat_id']), type: 'private' },
          text: params['text'],
        };
        return send(res, 200, { ok: true, result: call.result });
      }
      case 'editMessageText':
        return send(res, 200, {
          ok: true,
          result: { message_id: params['message_id'], date: 0, chat: { id: Number(params['chat_id']), type: 'private' }, text: params['text'] },
        });
      default:
        return send(res, 200, { ok: true, result: true });
    }
  }

  private failWith(failure: Failure, req: IncomingMessage, res: ServerResponse): void {
    if (failure.kind === 'network') return void req.socket.destroy();
    if (failure.kind === 'hang') {
      this.held.add(res);
      res.on('close', () => {
        if (this.held.delete(res) && !res.writableEnded) this.abandoned++;
      });
      return;
    }
    if (failure.kind === 'http-500') return send(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    send(res, failure.code, {
      ok: false,
      error_code: failure.code,
      description: failure.description,
      ...(failure.retryAfter ? { parameters: { retry_after: failure.retryAfter } } : {}),
    });
  }

  private async getUpdates(params: Record<string, BotJson>, res: ServerResponse): Promise<void> {
    const offset = Number(params['offset'] ?? 0);
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    const holdMs = Math.min(MAX_HOLD_MS, Number(params['timeout'] ?? 0) * 1000);
    if (this.queue.length === 0 && holdMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, holdMs);
        this.pollWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        res.on('close', () => resolve());
      });
    }
    if (res.destroyed) return;
    const limit = Number(params['limit'] ?? 100);
    send(res, 200, { ok: true, result: this.queue.slice(0, limit) });
  }
}

function user(from: FakeUser): Record<string, unknown> {
  return {
    id: from.id,
    is_bot: false,
    first_name: from.first_name ?? 'Test',
    ...(from.username ? { username: from.username } : {}),
    ...(from.language_code ? { language_code: from.language_code } : {}),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
