import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigurationService } from '../config/configuration.service';

const LOOKUP_TIMEOUT_MS = 5_000;
const RETRY_MIN_MS = 10_000;
const RETRY_MAX_MS = 10 * 60_000;
/** How long GET /api/config waits for a lookup in flight before answering without the name. */
const ANSWER_WAIT_MS = 1_000;

/**
 * The bot's @username for `GET /api/config` (`auth.telegram.botUsername`):
 * TELEGRAM_BOT_USERNAME when set, else learned once with the Bot API's getMe (retried in
 * the background until it answers, so a Telegram outage never delays the config).
 */
@Injectable()
export class TelegramBotUsername implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TelegramBot');
  private known: string | null;
  private lookup: Promise<void> | null = null;
  private readonly stopped = new AbortController();

  constructor(private readonly configuration: ConfigurationService) {
    this.known = configuration.config.telegram?.botUsername ?? null;
  }

  onApplicationBootstrap(): void {
    if (this.configuration.config.telegram && !this.known) this.lookup = this.learn();
  }

  onModuleDestroy(): void {
    this.stopped.abort();
  }

  /** The username, or null while it is not known yet (waits briefly for a lookup in flight). */
  async current(): Promise<string | null> {
    if (!this.known && this.lookup) await Promise.race([this.lookup, sleep(ANSWER_WAIT_MS, undefined, { ref: false })]);
    return this.known;
  }

  private async learn(): Promise<void> {
    const telegram = this.configuration.config.telegram!;
    const root = (telegram.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, '');
    for (let delay = RETRY_MIN_MS; !this.stopped.signal.aborted; delay = Math.min(RETRY_MAX_MS, delay * 2)) {
      try {
        const signal = AbortSignal.any([this.stopped.signal, AbortSignal.timeout(LOOKUP_TIMEOUT_MS)]);
        const response = await fetch(`${root}/bot${telegram.botToken}/getMe`, { signal });
        const body = (await response.json()) as { ok?: boolean; result?: { username?: unknown } };
        if (body.ok && typeof body.result?.username === 'string') {
          this.known = body.result.username;
          return;
        }
        this.logger.warn(`getMe answered ${response.status} without a username; set TELEGRAM_BOT_USERNAME`);
      } catch (error) {
        if (this.stopped.signal.aborted) return;
        this.logger.debug(`getMe for the bot username failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      await sleep(delay, undefined, { signal: this.stopped.signal, ref: false }).catch(() => undefined);
    }
  }
}
