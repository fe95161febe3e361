import type { AdminChannel } from './admin-command';

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

/**
 * The append-only `admin_audit_log` table: `SqliteAdminAuditRepository` or
 * `PostgresAdminAuditRepository`, bound in AdminModule.
 */
export abstract class AdminAuditRepository {
  abstract append(entry: AuditEntry & { at: number }): Promise<void>;
  /** Newest first. */
  abstract latest(limit: number): Promise<AuditRecord[]>;
  /** Deletes entries older than `before` and all but the newest `keepRows`; returns how many. */
  abstract prune(before: number, keepRows: number): Promise<number>;
}

export interface AuditRow {
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

export const toAuditRecord = (row: AuditRow): AuditRecord => ({
  id: row.id,
  at: row.at,
  channel: row.channel,
  actorId: row.actor_id,
  actorName: row.actor_name,
  action: row.action,
  args: row.args,
  result: row.result,
  detail: row.detail,
});
