import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from '../storage/sqlite-database';
import { AdminChannel } from './admin-command';
import { forLog } from './log-text';

/**
 * ok: done; denied: the sender is not an admin; rejected: bad arguments or nothing to do;
 * failed: an error; requested: waiting for a button confirmation; cancelled: confirmation declined.
 */
export type AuditResult = 'ok' | 'denied' | 'rejected' | 'failed' | 'cancelled' | 'requested';

export interface AuditEntry {
  channel: AdminChannel;
  actorId: string;
  actorName: string | null;
  action: string;
  args: string | null;
  result: AuditResult;
  detail: string | null;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  at: number;
}

interface AuditRow {
  id: number;
  at: number;
  channel: AdminChannel;
  actor_id: string;
  actor_name: string | null;
  action: string;
  args: string | null;
  result: AuditResult;
  detail: string | null;
}

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
  private readonly insertStmt: Statement;
  private readonly latestStmt: Statement;
  private readonly pruneOldStmt: Statement;
  private readonly pruneSurplusStmt: Statement;

  constructor(database: SqliteDatabase, @Optional() @Inject(AUDIT_RETENTION) retention?: AuditRetention) {
    this.retention = retention ?? DEFAULT_AUDIT_RETENTION;
    this.insertStmt = database.db.prepare(
      `INSERT INTO admin_audit_log (at, channel, actor_id, actor_name, action, args, result, detail)
       VALUES (@at, @channel, @actorId, @actorName, @action, @args, @result, @detail)`,
    );
    this.latestStmt = database.db.prepare('SELECT * FROM admin_audit_log ORDER BY id DESC LIMIT ?');
    this.pruneOldStmt = database.db.prepare('DELETE FROM admin_audit_log WHERE at < ?');
    // ids only grow and only the oldest rows are deleted, so this keeps the newest maxRows
    this.pruneSurplusStmt = database.db.prepare('DELETE FROM admin_audit_log WHERE id <= (SELECT MAX(id) FROM admin_audit_log) - ?');
  }

  async onModuleInit(): Promise<void> {
    const removed = await this.prune();
    if (removed > 0) this.logger.log(`removed ${removed} audit entries past the retention bound`);
  }

  /** Appends one entry (and logs it); never throws, so auditing cannot break a command. */
  async record(entry: AuditEntry): Promise<void> {
    const line = logLine(entry);
    if (entry.result === 'denied' || entry.result === 'failed') this.logger.warn(line);
    else this.logger.log(line);
    try {
      this.insertStmt.run({ ...entry, at: Date.now(), args: clip(entry.args), detail: clip(entry.detail), actorName: clip(entry.actorName) });
      await this.prune();
    } catch (error) {
      this.logger.error(`audit entry not stored (${forLog((error as Error).message)}): ${line}`);
    }
  }

  /** Deletes entries older than the retention age and beyond the row bound; returns how many. */
  async prune(now = Date.now()): Promise<number> {
    const old = this.pruneOldStmt.run(now - this.retention.maxAgeMs).changes;
    return old + this.pruneSurplusStmt.run(this.retention.maxRows).changes;
  }

  /** Newest first. */
  async latest(limit: number): Promise<AuditRecord[]> {
    return (this.latestStmt.all(limit) as AuditRow[]).map((row) => ({
      id: row.id,
      at: row.at,
      channel: row.channel,
      actorId: row.actor_id,
      actorName: row.actor_name,
      action: row.action,
      args: row.args,
      result: row.result,
      detail: row.detail,
    }));
  }
}

/** `telegram:42 (@alice) /ban bob@example.com 30 → ok: Banned …`, every outside part escaped and cut. */
function logLine(entry: AuditEntry): string {
  const actor = `${entry.channel}:${forLog(entry.actorId, 32)}${entry.actorName ? ` (${forLog(entry.actorName, 64)})` : ''}`;
  const command = `/${forLog(entry.action, 40)}${entry.args ? ` ${forLog(entry.args)}` : ''}`;
  return `${actor} ${command} → ${entry.result}${entry.detail ? `: ${forLog(entry.detail)}` : ''}`;
}
