import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { DEFAULT_LOCALE, type Locale } from '@pixel-wars/protocol';
import { InjectBot } from 'nestjs-telegraf';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, Telegraf } from 'telegraf';
import type { Opts, Telegram as BotApi } from 'telegraf/types';
import { AdminCommand } from '../admin/admin-command';
import { AdminCommandRegistry } from '../admin/admin-command-registry';
import { formatDuration } from '../admin/admin-format';
import { BOT_LOCALES, botText, commandText } from '../admin/i18n/bot-catalogue';
import { describeError, retryAfterMs } from './telegram-errors';
import { ALLOWED_UPDATES, TelegramSettings } from './telegram-settings';

export interface TelegramConnectionOptions {
  /** First delay after a failure; doubles per failure up to retryMaxMs (Telegram's retry_after wins). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Deadline of every Bot API call except the long poll itself. */
  apiTimeoutMs: number;
  /** How long stop() waits for the update being handled. */
  stopWaitMs: number;
  /** Polling this long without a failure starts the back-off over. */
  stableAfterMs: number;
}

export const DEFAULT_CONNECTION_OPTIONS: TelegramConnectionOptions = {
  retryBaseMs: 2_000,
  retryMaxMs: 5 * 60_000,
  apiTimeoutMs: 20_000,
  stopWaitMs: 5_000,
  stableAfterMs: 60_000,
};
export const TELEGRAM_CONNECTION_OPTIONS = Symbol('TELEGRAM_CONNECTION_OPTIONS');

export type TelegramConnectionState = 'stopped' | 'connecting' | 'polling' | 'webhook' | 'retrying';

interface Run {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Connects the bot to Telegram: getMe, the admins' command menu, the menu button that
 * opens the game, then long polling through
 * telegraf's `launch()` — or, with TELEGRAM_WEBHOOK_URL, `setWebhook` with the secret token
 * (updates then arrive at the webhook controller). Any failure (Telegram down or hanging,
 * 401 for a bad token, 409 from a second poller) is retried with exponential back-off;
 * nothing is thrown and no promise is left unhandled, so the server runs on meanwhile.
 *
 * `start()` and `stop()` are idempotent and may be called at any time, so a leader lock can
 * decide which instance of a cluster polls; TelegramJobs starts it at bootstrap today.
 */
@Injectable()
export class TelegramConnection implements OnModuleDestroy {
  private readonly logger = new Logger('TelegramBot');
  private readonly options: TelegramConnectionOptions;
  private run: Run | null = null;
  private currentState: TelegramConnectionState = 'stopped';
  private failures = 0;

  constructor(
    @InjectBot() private readonly bot: Telegraf<Context>,
    private readonly settings: TelegramSettings,
    private readonly registry: AdminCommandRegistry,
    @Optional() @Inject(TELEGRAM_CONNECTION_OPTIONS) options?: Partial<TelegramConnectionOptions>,
  ) {
    this.options = { ...DEFAULT_CONNECTION_OPTIONS, ...options };
    this.guardStop();
    this.addDeadlines();
  }

  get state(): TelegramConnectionState {
    return this.currentState;
  }

  /** Failures since the last good connection (0 when connected). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Starts connecting in the background; does nothing when already started. */
  start(): void {
    if (this.run) return;
    if (this.settings.adminIds.length === 0) this.logger.warn('TELEGRAM_ADMIN_IDS is empty: the bot will refuse every command');
    const controller = new AbortController();
    const done = this.connect(controller.signal).catch((error: unknown) => this.logger.error(`connection loop ended: ${describeError(error)}`));
    this.run = { controller, done };
  }

  /**
   * Stops polling (a registered webhook stays: another instance may receive with it),
   * aborts a pending call or back-off at once, and waits up to stopWaitMs for the update
   * being handled. Does nothing when not started.
   */
  async stop(): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.run = null;
    run.controller.abort();
    this.bot.stop('stop');
    // launch() creates its poller right after its own deleteWebhook answers; catch that case too
    setImmediate(() => {
      if (!this.run) this.bot.stop('stop');
    });
    await Promise.race([run.done, sleep(this.options.stopWaitMs, undefined, { ref: false })]);
    if (!this.run) this.currentState = 'stopped';
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  private async connect(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let pollingSince = 0;
      try {
        this.setState('connecting', signal);
        this.bot.botInfo = await this.call('getMe', {}, signal);
        await this.publishMenu(signal);
        await this.publishMenuButton(signal);
        if (this.settings.webhookUrl) {
          const hook = { url: this.settings.webhookUrl, secret_token: this.settings.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] };
          await this.call('setWebhook', hook, signal);
          this.failures = 0;
          this.setState('webhook', signal);
          this.logger.log(`@${this.bot.botInfo.username} receives updates by webhook at ${this.settings.webhookUrl}`);
          return;
        }
        await this.call('deleteWebhook', {}, signal);
        if (signal.aborted) return;
        this.setState('polling', signal);
        pollingSince = Date.now();
        this.logger.log(`@${this.bot.botInfo.username} receives updates by long polling`);
        // resolves when polling stops; rejects on 401/409 (network errors and 5xx telegraf retries itself)
        await this.bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] });
        if (signal.aborted) return;
        throw new Error('long polling stopped');
      } catch (error) {
        if (signal.aborted) return;
        if (pollingSince > 0 && Date.now() - pollingSince >= this.options.stableAfterMs) this.failures = 0;
        this.failures++;
        const delay = retryAfterMs(error) ?? Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (this.failures - 1));
        this.setState('retrying', signal);
        this.logger.warn(`Telegram unavailable (${describeError(error)}); retrying in ${formatDuration(delay)}`);
        await sleep(delay, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** A stopped run may still be unwinding while a new one starts: only the current run reports. */
  private setState(state: TelegramConnectionState, signal: AbortSignal): void {
    if (!signal.aborted) this.currentState = state;
  }

  /** One Bot API call that ends at the deadline or when this run stops. */
  private call<M extends keyof BotApi>(method: M, payload: Opts<M>, signal: AbortSignal): Promise<ReturnType<BotApi[M]>> {
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(this.options.apiTimeoutMs)]);
    return this.bot.telegram.callApi(method, payload, { signal: deadline as never });
  }

  /**
   * The command menu, shown to the admins only (per-chat scope), once per language: the
   * default (English) and one with `language_code` for every other catalogue, which
   * Telegram shows to admins whose app uses that language; best effort.
   */
  private async publishMenu(signal: AbortSignal): Promise<void> {
    const menus = BOT_LOCALES.map((locale) => ({
      language: locale === DEFAULT_LOCALE ? {} : { language_code: locale },
      commands: this.registry.list().map((c) => ({ command: c.command, description: menuDescription(locale, c) })),
    }));
    for (const chatId of this.settings.adminIds) {
      try {
        for (const { language, commands } of menus)
          await this.call('setMyCommands', { commands, scope: { type: 'chat', chat_id: chatId }, ...language }, signal);
      } catch (error) {
        if (signal.aborted) throw error;
        this.logger.debug(`command menu not set for chat ${chatId}: ${describeError(error)} (the admin has not opened the bot yet?)`);
      }
    }
  }

  /**
   * Every chat's menu button opens the game as a Mini App (Telegram needs an https URL);
   * best effort: the bot works without it.
   */
  private async publishMenuButton(signal: AbortSignal): Promise<void> {
    const url = this.settings.publicUrl;
    if (!url.startsWith('https://')) {
      this.logger.warn(`menu button not set: PUBLIC_URL (${url}) is not https, and Telegram opens only https Mini Apps`);
      return;
    }
    try {
      await this.call('setChatMenuButton', { menu_button: { type: 'web_app', text: botText(DEFAULT_LOCALE, 'player.menuButton'), web_app: { url } } }, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      this.logger.warn(`menu button not set: ${describeError(error)}`);
    }
  }

  /**
   * nestjs-telegraf calls `bot.stop()` at application shutdown whatever the state, and
   * telegraf throws "Bot is not running!" when it never polled (webhook mode, Telegram
   * unreachable): stopping a bot that does not run is a no-op here.
   */
  private guardStop(): void {
    const stop = this.bot.stop.bind(this.bot);
    this.bot.stop = (reason?: string) => {
      try {
        stop(reason);
      } catch (error) {
        if (!(error instanceof Error && error.message === 'Bot is not running!')) throw error;
      }
    };
  }

  /**
   * A deadline for the Bot API calls telegraf makes without one (launch's deleteWebhook,
   * the final offset confirmation, the getMe of a webhook update): a hanging Bot API must
   * not hang the bot. launch's deleteWebhook also ends with a stop, or polling would start
   * after it.
   */
  private addDeadlines(): void {
    const telegram = this.bot.telegram;
    const callApi = telegram.callApi.bind(telegram);
    telegram.callApi = ((method: string, payload: unknown, options: { signal?: unknown } = {}) => {
      if (options.signal) return callApi(method as never, payload as never, options as never);
      const deadline = AbortSignal.timeout(this.options.apiTimeoutMs);
      const run = method === 'deleteWebhook' ? this.run?.controller.signal : undefined;
      return callApi(method as never, payload as never, { ...options, signal: (run ? AbortSignal.any([deadline, run]) : deadline) as never });
    }) as typeof telegram.callApi;
  }
}

/** A menu line: 1–256 characters (Telegram refuses an empty description). */
function menuDescription(locale: Locale, command: AdminCommand): string {
  return (commandText(locale, command.command, 'description', command.description, command.textParams) || `/${command.command}`).slice(0, 256);
}
