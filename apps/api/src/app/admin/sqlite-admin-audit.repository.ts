import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from '../storage/sqlite-database';
import { AdminAuditRepository, AuditEntry, AuditRecord, AuditRow, toAuditRecord } from './admin-audit.repository';

/** The audit log in the embedded SQLite file. */
export class SqliteAdminAuditRepository extends AdminAuditRepository {
  private readonly insertStmt: Statement;
  private readonly latestStmt: Statement;
  private readonly pruneOldStmt: Statement;
  private readonly pruneSurplusStmt: Statement;

  constructor(database: SqliteDatabase) {
    super();
    this.insertStmt = database.db.prepare(
      `INSERT INTO admin_audit_log (at, channel, actor_id, actor_name, action, args, result, detail)
       VALUES (@at, @channel, @actorId, @actorName, @action, @args, @result, @detail)`,
    );
    this.latestStmt = database.db.prepare('SELECT * FROM admin_audit_log ORDER BY id DESC LIMIT ?');
    this.pruneOldStmt = database.db.prepare('DELETE FROM admin_audit_log WHERE at < ?');
    // ids only grow and only the oldest rows are deleted, so this keeps the newest rows
    this.pruneSurplusStmt = database.db.prepare('DELETE FROM admin_audit_log WHERE id <= (SELECT MAX(id) FROM admin_audit_log) - ?');
  }

  async append(entry: AuditEntry & { at: number }): Promise<void> {
    this.insertStmt.run(entry);
  }

  async latest(limit: number): Promise<AuditRecord[]> {
    return (this.latestStmt.all(limit) as AuditRow[]).map(toAuditRecord);
  }

  async prune(before: number, keepRows: number): Promise<number> {
    return this.pruneOldStmt.run(before).changes + this.pruneSurplusStmt.run(keepRows).changes;
  }
}
