import { Body, Controller, Get, Header, HttpCode, Put, UseGuards } from '@nestjs/common';
import type { MeResponse } from '@pixel-wars/protocol';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { AuthPrincipal, CurrentPrincipal } from '../auth/auth-principal';
import { ApiError } from '../common/api-error';
import { toPublicUser } from '../users/user';
import { UsersService } from '../users/users.service';
import { LocaleBodyDto } from './locale-body.dto';
import { PresenceService } from './presence.service';

@Controller('me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly presence: PresenceService,
  ) {}

  /** The signed-in user and their presence (`stalled` while their socket is gone). */
  @Get()
  @UseGuards(AccessTokenGuard)
  @Header('Cache-Control', 'no-store')
  async me(@CurrentPrincipal() principal: AuthPrincipal): Promise<MeResponse> {
    const user = await this.users.findById(principal.userId);
    if (!user) throw new ApiError(401, 'UNAUTHORIZED', 'The account no longer exists.');
    return { user: toPublicUser(user), presence: await this.presence.view(principal.userId) };
  }

  /** Remembers the interface language on the account (the PWA's language switch). */
  @Put('locale')
  @UseGuards(AccessTokenGuard)
  @HttpCode(204)
  async setLocale(@CurrentPrincipal() principal: AuthPrincipal, @Body() body: LocaleBodyDto): Promise<void> {
    if (!(await this.users.setLocale(principal.userId, body.locale))) {
      throw new ApiError(401, 'UNAUTHORIZED', 'The account no longer exists.');
    }
  }
}
