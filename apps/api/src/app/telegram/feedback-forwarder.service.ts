import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { setTimeout as sleep } from 'node:timers/promises';
import { Context, Telegraf, TelegramError } from 'telegraf';
import type { Message } from 'telegraf/types';
import { htmlToPlain } from '../admin/admin-format';
import { formatFeedback } from '../admin/feedback-format';
import { FeedbackRecord, FeedbackRepository } from '../feedback/feedback.repository';
import { FeedbackService } from '../feedback/feedback.service';
import { UsersService } from '../users/users.service';
import { AdminLanguages } from './admin-languages';
import { describeError } from './telegram-errors';
import { TelegramSettings } from './telegram-settings';

const BATCH = 50;
const RETRY_BASE_MS = 5_000;
const RETRY_MAX_MS = 30 * 60_000;
const STOP_WAIT_MS = 5_000;
const SEND_TIMEOUT_MS = 20_000;

/** Delay before retry number `attempt` (1-based): 5 s, 10 s, 20 s, … capped at 30 min. */
export function forwardRetryDelay(attempt: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

type Outcome = 'forwarded' | 'retry' | 'unreachable';

/**
 * Forwards stored feedback to every admin's private chat with the bot, each in the admin's
 * last known language (AdminLanguages). Feedback is in the
 * database before this runs, so nothing is lost while Telegram is unreachable: each
 * feedback keeps `forwarded_at` NULL and is retried with exponential back-off (also after
 * a restart). Per-chat deliveries are recorded so a retry never sends twice. A chat that
 * refuses for good (the admin never opened the bot, 400/403) does not hold the others
 * back once at least one admin has the feedback.
 *
 * `start()` and `stop()` are idempotent and may be called at any time, so a leader lock
 * can decide which instance of a cluster forwards; TelegramJobs starts it at bootstrap today.
 */
@Injectable()
export class FeedbackForwarder implements OnModuleDestroy {
  private readonly logger = new Logger('FeedbackForwarder');
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private running: Promise<void> | null = null;
  private rerun = false;
  private stopped = true;
  /** Aborts the sends in flight at stop(). */
  private stopController = new AbortController();
  /** No attempts before this time (Telegram unreachable or asked us to slow down). */
  private pausedUntil = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(
    @InjectBot() private readonly bot: Telegraf<Context>,
    private readonly settings: TelegramSettings,
    private readonly repository: FeedbackRepository,
    private readonly feedback: FeedbackService,
    private readonly users: UsersService,
    private readonly languages: AdminLanguages,
  ) {}

  get active(): boolean {
    return !this.stopped;
  }

  /** Forwards what is waiting, then each new feedback as it is stored; does nothing when already started. */
  start(): void {
    if (!this.stopped) return;
    if (this.settings.adminIds.length === 0) {
      this.logger.warn('TELEGRAM_ADMIN_IDS is empty: feedback is stored but not forwarded');
      return;
    }
    this.stopped = false;
    this.stopController = new AbortController();
    this.unsubscribe = this.feedback.onSubmitted(() => this.schedule(0));
    // a start is a good moment to retry everything left over, whatever its back-off
    void this.run(Number.MAX_SAFE_INTEGER);
  }

  /** Stops forwarding (aborting sends in flight) and waits for the pass in progress; idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopController.abort();
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
    if (this.running) await Promise.race([this.running, sleep(STOP_WAIT_MS, undefined, { ref: false })]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Tries everything not yet forwarded now, ignoring back-off (operators, tests). */
  async flush(): Promise<void> {
    if (this.stopped) return;
    while (this.running) await this.running;
    this.pausedUntil = 0;
    await this.run(Number.MAX_SAFE_INTEGER);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const at = Date.now() + Math.max(0, delayMs);
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.timerAt = Number.POSITIVE_INFINITY;
        void this.run(Date.now());
      },
      Math.max(0, delayMs),
    );
    this.timer.unref();
  }

  private async run(dueBy: number): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.forwardDue(dueBy)
      .catch((error: unknown) => this.logger.error(`forwarding pass failed: ${describeError(error)}`))
      .finally(() => {
        this.running = null;
      });
    await this.running;
    if (this.stopped) return;
    if (this.rerun) {
      this.rerun = false;
      this.schedule(Math.max(0, this.pausedUntil - Date.now()));
      return;
    }
    let next: number | null;
    try {
      next = await this.repository.nextForwardAt();
    } catch (error) {
      // the database is away (PostgreSQL restarting): look again later rather than never
      this.logger.warn(`could not read the forwarding queue: ${describeError(error)}`);
      this.schedule(RETRY_BASE_MS);
      return;
    }
    if (next !== null) this.schedule(Math.max(next, this.pausedUntil) - Date.now());
  }

  private async forwardDue(dueBy: number): Promise<void> {
    if (Date.now() < this.pausedUntil) return;
    const due = await this.repository.dueForForwarding(dueBy, BATCH);
    for (const item of due) {
      if (this.stopped) return;
      if ((await this.forwardOne(item)) === 'unreachable') return;
    }
    if (due.length === BATCH) this.rerun = true;
  }

  private async forwardOne(item: FeedbackRecord): Promise<Outcome> {
    const delivered = await this.repository.deliveredChats(item.id);
    const author = item.userId ? await this.users.findById(item.userId) : null;
    const refused: string[] = [];
    let unreachable: string | null = null;
    for (const chatId of this.settings.adminIds) {
      if (this.stopped) return 'unreachable';
      if (delivered.has(chatId)) continue;
      try {
        const message = await this.send(chatId, formatFeedback(item, author, await this.languages.localeOf(chatId)));
        await this.repository.recordDelivery(item.id, chatId, message.message_id, Date.now());
        delivered.add(chatId);
      } catch (error) {
        if (this.stopped) return 'unreachable';
        if (error instanceof TelegramError && error.code >= 400 && error.code < 500 && error.code !== 429) {
          refused.push(`chat ${chatId}: ${describeError(error)}`);
          continue;
        }
        unreachable = describeError(error);
        const retryAfter = error instanceof TelegramError ? error.parameters?.retry_after : undefined;
        if (retryAfter) this.pausedUntil = Date.now() + retryAfter * 1000;
        break;
      }
    }
    if (unreachable === null && delivered.size > 0) {
      await this.repository.markForwarded(item.id, Date.now());
      if (refused.length > 0)
        this.logger.warn(`feedback #${item.id} forwarded, but not to ${refused.join('; ')} (each admin must open the bot and press Start)`);
      return 'forwarded';
    }
    const attempt = item.forwardAttempts + 1;
    const nextAt = Math.max(Date.now() + forwardRetryDelay(attempt), this.pausedUntil);
    const reason = unreachable ?? `no admin chat accepts messages (${refused.join('; ')}); each admin must open the bot and press Start`;
    await this.repository.markForwardFailed(item.id, nextAt, reason);
    this.logger.warn(`feedback #${item.id} not forwarded yet (attempt ${attempt}): ${reason}; next try in ${Math.round((nextAt - Date.now()) / 1000)} s`);
    if (unreachable === null) return 'retry';
    this.pausedUntil = Math.max(this.pausedUntil, nextAt);
    return 'unreachable';
  }

  /** HTML first; if Telegram cannot parse it (400), the same text without markup. */
  private async send(chatId: number, html: string): Promise<Message.TextMessage> {
    try {
      return await this.sendMessage(chatId, html, true);
    } catch (error) {
      if (!(error instanceof TelegramError) || error.code !== 400 || !/parse entities/i.test(error.description)) throw error;
      return this.sendMessage(chatId, htmlToPlain(html), false);
    }
  }

  /** Ends at the deadline or at stop(). */
  private sendMessage(chatId: number, text: string, html: boolean): Promise<Message.TextMessage> {
    const signal = AbortSignal.any([this.stopController.signal, AbortSignal.timeout(SEND_TIMEOUT_MS)]);
    return this.bot.telegram.callApi(
      'sendMessage',
      { chat_id: chatId, text, ...(html ? { parse_mode: 'HTML' as const } : {}), link_preview_options: { is_disabled: true } },
      { signal: signal as never },
    );
  }
}
