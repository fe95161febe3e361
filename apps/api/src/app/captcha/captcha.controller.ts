import { Controller, Get, Header } from '@nestjs/common';
import type { AltchaChallenge } from '@pixel-wars/protocol';
import { CaptchaService } from './captcha.service';

/** `GET /api/captcha/challenge` → an ALTCHA challenge (404 NOT_FOUND with CAPTCHA=off). */
@Controller('captcha')
export class CaptchaController {
  constructor(private readonly captcha: CaptchaService) {}

  @Get('challenge')
  @Header('Cache-Control', 'no-store')
  challenge(): Promise<AltchaChallenge> {
    return this.captcha.challenge();
  }
}
