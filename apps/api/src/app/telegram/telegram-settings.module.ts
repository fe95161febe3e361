import { Module } from '@nestjs/common';
import { ConfigurationService } from '../config/configuration.service';
import { TelegramSettings } from './telegram-settings';

/** TelegramSettings from the configuration; imported only when TELEGRAM_BOT_TOKEN is set. */
@Module({
  providers: [
    {
      provide: TelegramSettings,
      inject: [ConfigurationService],
      useFactory: (configuration: ConfigurationService) => {
        const telegram = configuration.config.telegram;
        if (!telegram) throw new Error('TelegramSettingsModule needs TELEGRAM_BOT_TOKEN');
        return new TelegramSettings(telegram, configuration.config.publicUrl);
      },
    },
  ],
  exports: [TelegramSettings],
})
export class TelegramSettingsModule {}
