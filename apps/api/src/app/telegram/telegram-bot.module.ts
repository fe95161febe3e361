import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { AuthModule } from '../auth/auth.module';
import { FeedbackModule } from '../feedback/feedback.module';
import { AdminLanguages } from './admin-languages';
import { AdminLanguageRepository, PostgresAdminLanguageRepository, SqliteAdminLanguageRepository } from './admin-language.repository';
import { storageRepository } from '../storage/database';
import { AdminCommandsUpdate } from './admin-commands.update';
import { FeedbackForwarder } from './feedback-forwarder.service';
import { TelegramAdminGuard } from './telegram-admin.guard';
import { TelegramConnection } from './telegram-connection';
import { TelegramExceptionFilter } from './telegram-exception.filter';
import { TelegramJobs } from './telegram-jobs';
import { TelegramRefusals } from './telegram-refusals';
import { TelegramSettingsModule } from './telegram-settings.module';
import { TelegramWebhookController } from './telegram-webhook.controller';
import { TelegramWebhookGate } from './telegram-webhook.gate';

/**
 * The admin bot itself (nestjs-telegraf scans this module for `@Update()` classes): the
 * command handlers with their admin guard, the connection to Telegram, the webhook
 * endpoint and feedback forwarding. Only loaded when TELEGRAM_BOT_TOKEN is set.
 */
@Module({
  imports: [TelegramSettingsModule, AdminModule, AuthModule, FeedbackModule],
  controllers: [TelegramWebhookController],
  providers: [
    AdminCommandsUpdate,
    AdminLanguages,
    storageRepository(AdminLanguageRepository, {
      sqlite: (db) => new SqliteAdminLanguageRepository(db),
      postgres: (db) => new PostgresAdminLanguageRepository(db),
    }),
    TelegramAdminGuard,
    TelegramExceptionFilter,
    TelegramRefusals,
    TelegramConnection,
    FeedbackForwarder,
    TelegramJobs,
    TelegramWebhookGate,
  ],
  exports: [TelegramConnection, FeedbackForwarder, TelegramJobs, TelegramWebhookGate],
})
export class TelegramBotModule {}
