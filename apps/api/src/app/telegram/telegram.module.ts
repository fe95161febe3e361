import { DynamicModule, Module } from '@nestjs/common';
import { TelegrafModule } from 'nestjs-telegraf';
import { AppConfig } from '../config/app-config';
import { playerCommands } from './player-commands.middleware';
import { relevantUpdatesOnly } from './relevant-updates.middleware';
import { TelegramBotModule } from './telegram-bot.module';
import { TelegramSettings } from './telegram-settings';
import { TelegramSettingsModule } from './telegram-settings.module';
import { TelegramWebhookGate } from './telegram-webhook.gate';

/** Longest time one update may take (a /snapshot PNG upload included). */
const HANDLER_TIMEOUT_MS = 60_000;

/**
 * The Telegram admin bot on nestjs-telegraf. Without TELEGRAM_BOT_TOKEN only the webhook
 * gate exists (it answers 404): no bot, no connection, no timers.
 *
 * nestjs-telegraf 2.9.1 would call `bot.launch()` un-awaited in its bot factory (an
 * unreachable Bot API, a bad token or a 409 then exits Node 20 on the unhandled
 * rejection), hence `launchOptions: false`: TelegramConnection launches, with back-off.
 */
@Module({})
export class TelegramModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.telegram) {
      return { module: TelegramModule, providers: [TelegramWebhookGate], exports: [TelegramWebhookGate] };
    }
    return {
      module: TelegramModule,
      imports: [
        TelegrafModule.forRootAsync({
          imports: [TelegramSettingsModule],
          inject: [TelegramSettings],
          useFactory: (settings: TelegramSettings) => ({
            token: settings.token,
            launchOptions: false,
            options: { telegram: { ...(settings.apiRoot ? { apiRoot: settings.apiRoot } : {}), webhookReply: false }, handlerTimeout: HANDLER_TIMEOUT_MS },
            middlewares: [relevantUpdatesOnly, playerCommands(settings)],
            include: [TelegramBotModule],
          }),
        }),
        TelegramBotModule,
      ],
      exports: [TelegramBotModule],
    };
  }
}
