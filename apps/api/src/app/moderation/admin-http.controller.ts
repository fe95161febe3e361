import { Body, Controller, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { adminLabel } from '../admin/admin-label';
import { AuthPrincipal, CurrentPrincipal } from '../auth/auth-principal';
import { AdminHttpAuditInterceptor } from './admin-http-audit.interceptor';
import { AdminHttpGuard } from './admin-http.guard';
import { parseRollbackBody } from './rollback-body';
import { RollbackResult, RollbackService } from './rollback.service';

/** The admin HTTP API (`/api/admin/*`, docs/protocol.md 9): admin role only, every request audited. */
@Controller('admin')
@UseGuards(AdminHttpGuard)
@UseInterceptors(AdminHttpAuditInterceptor)
export class AdminHttpController {
  constructor(private readonly rollbacks: RollbackService) {}

  @Post('rollback')
  @HttpCode(200)
  async rollback(@Body() body: unknown, @CurrentPrincipal() principal: AuthPrincipal): Promise<RollbackResult> {
    const { dryRun, ...request } = parseRollbackBody(body);
    const plan = await this.rollbacks.plan(request);
    if (dryRun) return { affected: plan.pixels.length, fromVersion: plan.atVersion, toVersion: plan.atVersion };
    return this.rollbacks.apply(plan, adminLabel({ channel: 'http', id: principal.userId, name: principal.name, locale: 'en' }));
  }
}
