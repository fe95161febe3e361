import { Controller, Get, Header } from '@nestjs/common';
import type { ConfigResponse } from '@pixel-wars/protocol';
import { ConfigurationService } from '../config/configuration.service';
import { TelegramBotUsername } from '../auth/telegram-bot-username';
import { CanvasService } from './canvas.service';

/** GET /api/config: everything a client needs to start. */
@Controller('config')
export class GameConfigController {
  constructor(
    private readonly configuration: ConfigurationService,
    private readonly canvas: CanvasService,
    private readonly botUsername: TelegramBotUsername,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-cache')
  async config(): Promise<ConfigResponse> {
    const { config } = this.configuration;
    return {
      width: this.canvas.width,
      height: this.canvas.height,
      palette: this.canvas.palette,
      backgroundColor: this.canvas.backgroundColor,
      cooldownMs: config.cooldownMs,
      pixelCharges: config.pixelCharges,
      undoWindowMs: config.undoWindowMs,
      afkAfterMs: config.afkAfterMs,
      guestPollMs: config.guestPollMs,
      auth: {
        google: config.auth.google ? { clientId: config.auth.google.clientId } : null,
        dev: config.auth.devLogin,
        telegram: config.telegram ? { botUsername: await this.botUsername.current() } : null,
      },
    };
  }
}
