import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { AuthModule } from '../auth/auth.module';
import { FeedbackModule } from '../feedback/feedback.module';
import { AdminCommandsModule } from './admin-commands.module';
import { CanvasCommands } from './commands/canvas.commands';
import { InfoCommands } from './commands/info.commands';
import { ModerationCommands } from './commands/moderation.commands';
import { FeedbackForwarder } from './feedback-forwarder.service';
import { TelegramBotClient } from './telegram-bot.client';
import { TelegramUpdateRouter } from './telegram-update.router';
import { TelegramWebhookController } from './telegram-webhook.controller';

/**
 * The Telegram admin bot and feedback forwarding. Always loaded (the global
 * AdminCommandRegistry must exist for other modules); inert when TELEGRAM_BOT_TOKEN is unset.
 */
@Module({
  imports: [AdminCommandsModule, AdminModule, AuthModule, FeedbackModule],
  controllers: [TelegramWebhookController],
  providers: [TelegramBotClient, TelegramUpdateRouter, FeedbackForwarder, CanvasCommands, ModerationCommands, InfoCommands],
  exports: [TelegramBotClient, FeedbackForwarder],
})
export class TelegramModule {}
