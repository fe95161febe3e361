import { Injectable, Logger } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from '../storage/sqlite-database';

/**
 * ok: done; denied: the sender is not an admin; rejected: bad arguments or nothing to do;
 * failed: an error; requested: waiting for a button confirmation; cancelled: confirmation declined.
 */
export type AuditResult = 'ok' | 'denied' | 'rejected' | 'failed' | 'cancelled' | 'requested';

export interface AuditEntry {
  channel: 'telegram';
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
  channel: 'telegram';
  actor_id: string;
  actor_name: string | null;
  action: string;
  args: string | null;
  result: AuditResult;
  detail: string | null;
}

const TEXT_MAX = 1000;
const clip = (text: string | null): string | null => (text === null ? null : text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX - 1)}…` : text);

/** The admin audit log: who did what, when, with which result. Append-only. */
@Injectable()
export class AdminAuditLog {
  private readonly logger = new Logger('AdminAudit');
  private readonly insertStmt: Statement;
  private readonly latestStmt: Statement;

  constructor(database: SqliteDatabase) {
    this.insertStmt = database.db.prepare(
      `INSERT INTO admin_audit_log (at, channel, actor_id, actor_name, action, args, result, detail)
       VALUES (@at, @channel, @actorId, @actorName, @action, @args, @result, @detail)`,
    );
    this.latestStmt = database.db.prepare('SELECT * FROM admin_audit_log ORDER BY id DESC LIMIT ?');
  }

  /** Appends one entry (and logs it); never throws, so auditing cannot break a command. */
  record(entry: AuditEntry): void {
    const line = `${entry.channel}:${entry.actorId}${entry.actorName ? ` (${entry.actorName})` : ''} /${entry.action}${entry.args ? ` ${entry.args}` : ''} → ${entry.result}${entry.detail ? `: ${entry.detail}` : ''}`;
    if (entry.result === 'denied' || entry.result === 'failed') this.logger.warn(line);
    else this.logger.log(line);
    try {
      this.insertStmt.run({ ...entry, at: Date.now(), args: clip(entry.args), detail: clip(entry.detail), actorName: clip(entry.actorName) });
    } catch (error) {
      this.logger.error(`audit entry not stored (${(error as Error).message}): ${line}`);
    }
  }

  /** Newest first. */
  latest(limit: number): AuditRecord[] {
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
