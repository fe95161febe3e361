import type { Database, Statement } from 'better-sqlite3';
import { ChangeLogReader, ChangeRecord, GameInfo } from './change-log';

/**
 * The placement log in a SQLite file (the server's own connection, or a read-only one
 * for the CLI). Pages are synchronous statements: a better-sqlite3 iterator would hold
 * the connection for the whole replay and stall every placement meanwhile.
 */
export class SqliteChangeLogReader extends ChangeLogReader {
  private readonly gamesStmt: Statement<[], GameInfo>;
  private readonly extentStmt: Statement<[number], { changes: number; lastVersion: number }>;
  private readonly pageStmt: Statement<[number, number, number, number], ChangeRecord>;

  constructor(db: Database) {
    super();
    this.gamesStmt = db.prepare(
      'SELECT game, width, height, background, first_version AS firstVersion, started_at AS startedAt FROM canvas_games ORDER BY game',
    );
    this.extentStmt = db.prepare('SELECT COUNT(*) AS changes, COALESCE(MAX(version), 0) AS lastVersion FROM canvas_changes WHERE game = ?');
    this.pageStmt = db.prepare('SELECT version, x, y, color FROM canvas_changes WHERE game = ? AND version > ? AND version <= ? ORDER BY version LIMIT ?');
  }

  async games(): Promise<GameInfo[]> {
    return this.gamesStmt.all();
  }

  async extent(game: number): Promise<{ changes: number; lastVersion: number }> {
    return this.extentStmt.get(game)!;
  }

  async page(game: number, afterVersion: number, untilVersion: number, limit: number): Promise<ChangeRecord[]> {
    return this.pageStmt.all(game, afterVersion, untilVersion, limit);
  }
}
