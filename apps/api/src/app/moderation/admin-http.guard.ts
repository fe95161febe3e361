import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { AuthenticatedRequest } from '../auth/auth-principal';
import { AdminAuditLog } from '../admin/admin-audit-log';
import { ApiError } from '../common/api-error';
import { requestPath } from '../common/request-path';

/** The audit log's action name of an `/api/admin/*` request, e.g. "rollback". */
export function adminAction(req: AuthenticatedRequest): string {
  return (
    requestPath(req)
      .replace(/^\/api\/admin\/?/, '')
      .replace(/\//g, ' ') || 'admin'
  );
}

/** Refusals audited per user per window (like the bot's), so a player cannot flood the audit log. */
export const AUDITED_REFUSALS_PER_WINDOW = 3;
export const AUDITED_REFUSAL_WINDOW_MS = 10 * 60_000;

/**
 * Every `/api/admin/*` route: a valid access token (401 otherwise) whose role is admin;
 * anyone else gets 403 FORBIDDEN and an audit entry "denied" (docs/protocol.md 9; at most
 * AUDITED_REFUSALS_PER_WINDOW per user per window).
 */
@Injectable()
export class AdminHttpGuard implements CanActivate {
  constructor(
    private readonly tokens: AccessTokenGuard,
    private readonly audit: AdminAuditLog,
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    this.tokens.canActivate(context);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { principal } = req;
    if (principal.role === 'admin') return true;
    const key = `admin-http-refusal:${principal.userId}`;
    const counted = await this.storage.increment(key, AUDITED_REFUSAL_WINDOW_MS, AUDITED_REFUSALS_PER_WINDOW, 0, 'admin-http-refusal');
    if (!counted.isBlocked) {
      await this.audit.record({
        channel: 'http',
        actorId: principal.userId,
        actorName: principal.name,
        action: adminAction(req),
        args: null,
        result: 'denied',
        detail: `role ${principal.role}`,
      });
    }
    throw new ApiError(403, 'FORBIDDEN', 'This needs the admin role.');
  }
}
