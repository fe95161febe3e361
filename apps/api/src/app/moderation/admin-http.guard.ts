import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { AuthenticatedRequest } from '../auth/auth-principal';
import { AdminAuditLog } from '../admin/admin-audit-log';
import { ApiError } from '../common/api-error';

/** The audit log's action name of an `/api/admin/*` request, e.g. "rollback". */
export function adminAction(req: AuthenticatedRequest): string {
  return req.path.replace(/^\/api\/admin\/?/, '').replace(/\//g, ' ') || 'admin';
}

/**
 * Every `/api/admin/*` route: a valid access token (401 otherwise) whose role is admin;
 * anyone else gets 403 FORBIDDEN and an audit entry "denied" (PROTOCOL.md 9).
 */
@Injectable()
export class AdminHttpGuard implements CanActivate {
  constructor(
    private readonly tokens: AccessTokenGuard,
    private readonly audit: AdminAuditLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    this.tokens.canActivate(context);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { principal } = req;
    if (principal.role === 'admin') return true;
    await this.audit.record({
      channel: 'http',
      actorId: principal.userId,
      actorName: principal.name,
      action: adminAction(req),
      args: null,
      result: 'denied',
      detail: `role ${principal.role}`,
    });
    throw new ApiError(403, 'FORBIDDEN', 'This needs the admin role.');
  }
}
