import { Injectable, Logger } from '@nestjs/common';
import { AdminAuditRepository, AuditEntry, AuditRecord } from './admin-audit.repository';

export type { AuditEntry, AuditRecord, AuditResult } from './admin-audit.repository';

const TEXT_MAX = 1000;
const clip = (text: string | null): string | null => (text === null ? null : text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX - 1)}…` : text);

/** The admin audit log: who did what, when, with which result. Append-only. */
@Injectable()
export class AdminAuditLog {
  private readonly logger = new Logger('AdminAudit');

  constructor(private readonly repository: AdminAuditRepository) {}

  /** Appends one entry (and logs it); never rejects, so auditing cannot break a command. */
  async record(entry: AuditEntry): Promise<void> {
    const line = `${entry.channel}:${entry.actorId}${entry.actorName ? ` (${entry.actorName})` : ''} /${entry.action}${entry.args ? ` ${entry.args}` : ''} → ${entry.result}${entry.detail ? `: ${entry.detail}` : ''}`;
    if (entry.result === 'denied' || entry.result === 'failed') this.logger.warn(line);
    else this.logger.log(line);
    try {
      await this.repository.append({ ...entry, at: Date.now(), args: clip(entry.args), detail: clip(entry.detail), actorName: clip(entry.actorName) });
    } catch (error) {
      this.logger.error(`audit entry not stored (${(error as Error).message}): ${line}`);
    }
  }

  /** Newest first. */
  latest(limit: number): Promise<AuditRecord[]> {
    return this.repository.latest(limit);
  }
}
