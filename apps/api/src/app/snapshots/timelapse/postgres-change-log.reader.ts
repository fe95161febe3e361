import { PgStatement } from '../../storage/postgres-statement';
import { PostgresDatabase } from '../../storage/postgres-database';
import { ChangeLogReader, ChangeRecord, GameInfo } from './change-log';

const statements = {
  games: new PgStatement<GameInfo>(
    'timelapse.games',
    'SELECT game, width, height, background, first_version AS "firstVersion", started_at AS "startedAt" FROM canvas_games ORDER BY game',
  ),
  extent: new PgStatement<{ changes: number; lastVersion: number }>(
    'timelapse.extent',
    'SELECT COUNT(*) AS changes, COALESCE(MAX(version), 0) AS "lastVersion" FROM canvas_changes WHERE game = $1',
  ),
  page: new PgStatement<ChangeRecord>(
    'timelapse.page',
    'SELECT version, x, y, color FROM canvas_changes WHERE game = $1 AND version > $2 AND version <= $3 ORDER BY version LIMIT $4',
  ),
};

/** The placement log in PostgreSQL, read in pages through the pool. */
export class PostgresChangeLogReader extends ChangeLogReader {
  constructor(private readonly database: PostgresDatabase) {
    super();
  }

  async games(): Promise<GameInfo[]> {
    return (await statements.games.run(this.database.pool)).rows;
  }

  async extent(game: number): Promise<{ changes: number; lastVersion: number }> {
    return (await statements.extent.run(this.database.pool, [game])).rows[0];
  }

  async page(game: number, afterVersion: number, untilVersion: number, limit: number): Promise<ChangeRecord[]> {
    return (await statements.page.run(this.database.pool, [game, afterVersion, untilVersion, limit])).rows;
  }
}
