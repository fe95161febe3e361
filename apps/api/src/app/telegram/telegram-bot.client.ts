import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Telegraf, TelegramError } from 'telegraf';
import type { BotCommand, Message, Update } from 'telegraf/types';
import { ConfigurationService } from '../config/configuration.service';

/** Path (under the global `/api` prefix) that receives updates in webhook mode. */
export const WEBHOOK_ROUTE = 'telegram/webhook';
const WEBHOOK_PATH = `/api/${WEBHOOK_ROUTE}`;
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
const API_TIMEOUT_MS = 20_000;
const RECONNECT_BASE_MS = 2_000;
const RECONNECT_MAX_MS = 5 * 60_000;
const STOP_WAIT_MS = 5_000;
const POLL_TIMEOUT_S = 30;

export interface SendOptions {
  html?: boolean;
}

/**
 * The Telegram bot (plain Telegraf): one instance per app when TELEGRAM_BOT_TOKEN is set.
 * Connects in the background and never throws out of `start()`: if Telegram is unreachable
 * or rejects the token the server keeps running and the client retries with back-off.
 * Long polling by default; with TELEGRAM_WEBHOOK_URL it registers that URL (with a secret
 * token) and updates arrive at `POST /api/telegram/webhook`.
 */
@Injectable()
export class TelegramBotClient implements OnModuleDestroy {
  private readonly logger = new Logger('TelegramBot');
  readonly bot: Telegraf | null;
  readonly adminIds: readonly number[];
  readonly webhookUrl: string | null;
  /** Compared with the X-Telegram-Bot-Api-Secret-Token header of webhook calls. */
  readonly webhookSecret: string | null;
  private readonly stopController = new AbortController();
  private runLoop: Promise<void> | null = null;
  private menu: BotCommand[] = [];
  private connected = false;

  constructor(configuration: ConfigurationService) {
    const telegram = configuration.config.telegram;
    this.adminIds = telegram?.adminIds ?? [];
    this.webhookUrl = telegram?.webhookUrl ?? null;
    this.webhookSecret = telegram ? createHmac('sha256', telegram.botToken).update('pixel-wars webhook').digest('hex') : null;
    this.bot = telegram
      ? new Telegraf(telegram.botToken, {
          telegram: { ...(telegram.apiRoot ? { apiRoot: withTrailingSlash(telegram.apiRoot) } : {}), webhookReply: false },
          handlerTimeout: 60_000,
        })
      : null;
    this.bot?.catch((error, ctx) => {
      this.logger.error(`update ${ctx.update.update_id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    if (telegram && this.webhookUrl && new URL(this.webhookUrl).pathname !== WEBHOOK_PATH) {
      this.logger.warn(`TELEGRAM_WEBHOOK_URL path is not ${WEBHOOK_PATH}: make the proxy forward it there`);
    }
  }

  get enabled(): boolean {
    return this.bot !== null;
  }

  /** True once getMe succeeded (the token is valid and Telegram reachable). */
  get isConnected(): boolean {
    return this.connected;
  }

  isAdmin(userId: number | undefined): boolean {
    return userId !== undefined && this.adminIds.includes(userId);
  }

  /** Starts receiving updates in the background. `menu` becomes the admins' command menu. */
  start(menu: BotCommand[]): void {
    if (!this.bot || this.runLoop) return;
    if (this.adminIds.length === 0) this.logger.warn('TELEGRAM_ADMIN_IDS is empty: the bot will refuse every command');
    this.menu = menu;
    this.runLoop = this.run(this.bot);
  }

  /** Processes one update (webhook requests; tests). Errors end in the bot's catch handler. */
  async handleUpdate(update: Update): Promise<void> {
    if (!this.bot) throw new Error('the Telegram bot is not configured');
    await this.bot.handleUpdate(update);
  }

  /** Sends a message; throws TelegramError (API answer) or a network error; times out after 20 s. */
  async sendMessage(chatId: number, text: string, options: SendOptions = {}): Promise<Message.TextMessage> {
    if (!this.bot) throw new Error('the Telegram bot is not configured');
    return this.bot.telegram.callApi(
      'sendMessage',
      { chat_id: chatId, text, ...(options.html ? { parse_mode: 'HTML' as const } : {}), link_preview_options: { is_disabled: true } },
      { signal: this.callSignal() },
    );
  }

  /** Aborts after the API timeout or at shutdown. */
  private callSignal(): never {
    return AbortSignal.any([this.stopController.signal, AbortSignal.timeout(API_TIMEOUT_MS)]) as never;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopController.abort();
    if (!this.runLoop) return;
    // aborting ends long polling; let the update being handled finish before the database closes
    await Promise.race([this.runLoop, sleep(STOP_WAIT_MS, undefined, { ref: false })]);
  }

  private async run(bot: Telegraf): Promise<void> {
    const signal = this.stopController.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        bot.botInfo = await bot.telegram.callApi('getMe', {}, { signal: this.callSignal() });
        this.connected = true;
        failures = 0;
        await this.publishMenu(bot);
        if (this.webhookUrl) {
          const hook = { url: this.webhookUrl, secret_token: this.webhookSecret ?? undefined, allowed_updates: [...ALLOWED_UPDATES] };
          await bot.telegram.callApi('setWebhook', hook, { signal: this.callSignal() });
          this.logger.log(`@${bot.botInfo.username} receives updates by webhook at ${this.webhookUrl}`);
          return;
        }
        await bot.telegram.callApi('deleteWebhook', {}, { signal: this.callSignal() });
        this.logger.log(`@${bot.botInfo.username} receives updates by long polling`);
        await this.poll(bot, signal);
      } catch (error) {
        if (signal.aborted) return;
        failures++;
        const retryAfterS = error instanceof TelegramError ? error.parameters?.retry_after : undefined;
        const delay = retryAfterS ? retryAfterS * 1000 : Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** (failures - 1));
        this.logger.warn(`Telegram unavailable (${describeError(error)}); retrying in ${Math.round(delay / 1000)} s`);
        await sleep(delay, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /**
   * Long polling until `signal` aborts. Updates are handled one at a time, in order; the
   * next getUpdates (carrying the new offset) confirms them to Telegram, and so does the
   * final call after a stop, so a restart does not replay a command.
   */
  private async poll(bot: Telegraf, signal: AbortSignal): Promise<void> {
    let offset = 0;
    let confirmed = 0;
    try {
      while (!signal.aborted) {
        const updates = await bot.telegram.callApi(
          'getUpdates',
          { timeout: POLL_TIMEOUT_S, offset, allowed_updates: [...ALLOWED_UPDATES] },
          { signal: signal as never },
        );
        confirmed = offset;
        for (const update of updates) {
          offset = update.update_id + 1;
          await bot.handleUpdate(update);
        }
      }
    } finally {
      if (offset > confirmed) {
        await bot.telegram
          .callApi('getUpdates', { offset, limit: 1, timeout: 0 }, { signal: AbortSignal.timeout(API_TIMEOUT_MS) as never })
          .catch((error: unknown) => this.logger.warn(`handled updates not confirmed to Telegram: ${describeError(error)}`));
      }
    }
  }

  /** The command menu, shown to the admins only (per-chat scope); best effort. */
  private async publishMenu(bot: Telegraf): Promise<void> {
    for (const chatId of this.adminIds) {
      try {
        await bot.telegram.callApi('setMyCommands', { commands: this.menu, scope: { type: 'chat', chat_id: chatId } }, { signal: this.callSignal() });
      } catch (error) {
        this.logger.debug(`command menu not set for chat ${chatId}: ${describeError(error)} (the admin has not opened the bot yet?)`);
      }
    }
  }
}

export function describeError(error: unknown): string {
  if (error instanceof TelegramError) {
    if (error.code === 401) return 'Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)';
    if (error.code === 409) return 'conflict: another process polls this bot or a webhook is set (409)';
    return `Telegram error ${error.code}: ${error.description}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
