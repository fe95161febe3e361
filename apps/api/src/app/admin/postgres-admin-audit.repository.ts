import { PgStatement } from '../storage/postgres-statement';
import { PostgresDatabase } from '../storage/postgres-database';
import { AdminAuditRepository, AuditEntry, AuditRecord, AuditRow, toAuditRecord } from './admin-audit.repository';

const statements = {
  insert: new PgStatement(
    'admin_audit_log.insert',
    `INSERT INTO admin_audit_log (at, channel, actor_id, actor_name, action, args, result, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  ),
  latest: new PgStatement<AuditRow>('admin_audit_log.latest', 'SELECT * FROM admin_audit_log ORDER BY id DESC LIMIT $1'),
  pruneOld: new PgStatement('admin_audit_log.prune_old', 'DELETE FROM admin_audit_log WHERE at < $1'),
  // ids only grow and only the oldest rows are deleted, so this keeps the newest rows
  pruneSurplus: new PgStatement('admin_audit_log.prune_surplus', 'DELETE FROM admin_audit_log WHERE id <= (SELECT MAX(id) FROM admin_audit_log) - $1'),
};

/** The audit log in PostgreSQL. */
export class PostgresAdminAuditRepository extends AdminAuditRepository {
  constructor(private readonly database: PostgresDatabase) {
    super();
  }

  async append(e: AuditEntry & { at: number }): Promise<void> {
    await statements.insert.run(this.database.pool, [e.at, e.channel, e.actorId, e.actorName, e.action, e.args, e.result, e.detail]);
  }

  async latest(limit: number): Promise<AuditRecord[]> {
    return (await statements.latest.run(this.database.pool, [limit])).rows.map(toAuditRecord);
  }

  async prune(before: number, keepRows: number): Promise<number> {
    const old = (await statements.pruneOld.run(this.database.pool, [before])).rowCount ?? 0;
    return old + ((await statements.pruneSurplus.run(this.database.pool, [keepRows])).rowCount ?? 0);
  }
}
