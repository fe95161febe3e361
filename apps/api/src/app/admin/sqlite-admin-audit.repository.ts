import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from '../storage/sqlite-database';
import { AdminAuditRepository, AuditEntry, AuditRecord, AuditRow, toAuditRecord } from './admin-audit.repository';

/** The audit log in the embedded SQLite file. */
export class SqliteAdminAuditRepository extends AdminAuditRepository {
  private readonly insertStmt: Statement;
  private readonly latestStmt: Statement;

  constructor(database: SqliteDatabase) {
    super();
    this.insertStmt = database.db.prepare(
      `INSERT INTO admin_audit_log (at, channel, actor_id, actor_name, action, args, result, detail)
       VALUES (@at, @channel, @actorId, @actorName, @action, @args, @result, @detail)`,
    );
    this.latestStmt = database.db.prepare('SELECT * FROM admin_audit_log ORDER BY id DESC LIMIT ?');
  }

  async append(entry: AuditEntry & { at: number }): Promise<void> {
    this.insertStmt.run(entry);
  }

  async latest(limit: number): Promise<AuditRecord[]> {
    return (this.latestStmt.all(limit) as AuditRow[]).map(toAuditRecord);
  }
}
