import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, from, Observable, switchMap, throwError } from 'rxjs';
import { AdminAuditLog, AuditResult } from '../admin/admin-audit-log';
import { AuthenticatedRequest } from '../auth/auth-principal';
import { adminAction } from './admin-http.guard';

/** Audits each admin HTTP request that passed AdminHttpGuard: its body, and the answer or error. */
@Injectable()
export class AdminHttpAuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AdminAuditLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const record = (result: AuditResult, detail: string | null) =>
      this.audit.record({
        channel: 'http',
        actorId: req.principal.userId,
        actorName: req.principal.name,
        action: adminAction(req),
        args: req.body === undefined ? null : JSON.stringify(req.body),
        result,
        detail,
      });
    return next.handle().pipe(
      switchMap((answer: unknown) => from(record('ok', answer === undefined ? null : JSON.stringify(answer)).then(() => answer))),
      catchError((error: unknown) => {
        const rejected = error instanceof HttpException && error.getStatus() < 500;
        return from(record(rejected ? 'rejected' : 'failed', error instanceof Error ? error.message : String(error))).pipe(switchMap(() => throwError(() => error)));
      }),
    );
  }
}
