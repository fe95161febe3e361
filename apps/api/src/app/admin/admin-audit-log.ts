import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { AdminAuditRepository, AuditEntry, AuditRecord } from './admin-audit.repository';
import { forLog } from './log-text';

export type { AuditEntry, AuditRecord, AuditResult } from './admin-audit.repository';

/** How much of the audit log is kept: entries younger than `maxAgeMs`, at most `maxRows` of them. */
export interface AuditRetention {
  maxAgeMs: number;
  maxRows: number;
}

/** One year, 100,000 entries (tens of MB at most); docs/operations.md. */
export const DEFAULT_AUDIT_RETENTION: AuditRetention = { maxAgeMs: 365 * 86_400_000, maxRows: 100_000 };
export const AUDIT_RETENTION = Symbol('AUDIT_RETENTION');

const TEXT_MAX = 1000;
const clip = (text: string | null): string | null => (text === null ? null : text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX - 1)}…` : text);

/**
 * The admin audit log: who did what, when, with which result. Append-only, with a
 * retention bound applied at start-up and on every write (older and surplus entries go
 * first). Log lines carry the outside text escaped and cut (see `forLog`).
 */
@Injectable()
export class AdminAuditLog implements OnModuleInit {
  private readonly logger = new Logger('AdminAudit');
  private readonly retention: AuditRetention;

  constructor(
    private readonly repository: AdminAuditRepository,
    @Optional() @Inject(AUDIT_RETENTION) retention?: AuditRetention,
  ) {
    this.retention = retention ?? DEFAULT_AUDIT_RETENTION;
  }

  async onModuleInit(): Promise<void> {
    try {
      const removed = await this.prune();
      if (removed > 0) this.logger.log(`removed ${removed} audit entries past the retention bound`);
    } catch (error) {
      this.logger.warn(`audit retention not applied at start-up: ${forLog((error as Error).message)}`);
    }
  }

  /** Appends one entry (and logs it); never rejects, so auditing cannot break a command. */
  async record(entry: AuditEntry): Promise<void> {
    const line = logLine(entry);
    if (entry.result === 'denied' || entry.result === 'failed') this.logger.warn(line);
    else this.logger.log(line);
    try {
      await this.repository.append({ ...entry, at: Date.now(), args: clip(entry.args), detail: clip(entry.detail), actorName: clip(entry.actorName) });
      await this.prune();
    } catch (error) {
      this.logger.error(`audit entry not stored (${forLog((error as Error).message)}): ${line}`);
    }
  }

  /** Deletes entries older than the retention age and beyond the row bound; returns how many. */
  prune(now = Date.now()): Promise<number> {
    return this.repository.prune(now - this.retention.maxAgeMs, this.retention.maxRows);
  }

  /** Newest first. */
  latest(limit: number): Promise<AuditRecord[]> {
    return this.repository.latest(limit);
  }
}

/** `telegram:42 (@alice) /ban bob@example.com 30 → ok: Banned …`, every outside part escaped and cut. */
function logLine(entry: AuditEntry): string {
  const actor = `${entry.channel}:${forLog(entry.actorId, 32)}${entry.actorName ? ` (${forLog(entry.actorName, 64)})` : ''}`;
  const command = `/${forLog(entry.action, 40)}${entry.args ? ` ${forLog(entry.args)}` : ''}`;
  return `${actor} ${command} → ${entry.result}${entry.detail ? `: ${forLog(entry.detail)}` : ''}`;
}
