import { RESET_X } from '@pixel-wars/protocol';
import type { PoolClient } from 'pg';
import { PostgresDatabase } from '../storage/postgres-database';
import {
  ChangeColumns,
  Checkpoint,
  CHECKPOINTS_KEPT,
  GameChangedError,
  GameRecord,
  LoggedChange,
  LogHead,
  NewChange,
  PlacementLogRepository,
  PlacementTally,
  UndoConflictError,
} from './placement-log.repository';
import { talliesSql } from './tallies.sql';

interface ChangeRow {
  version: number;
  game: number;
  x: number;
  y: number;
  color: number;
  user_id: string | null;
  user_name: string | null;
  placed_at: number;
}

const CHANGE_COLUMNS = 'version, game, x, y, color, user_id, user_name, placed_at';
const GAME_COLUMNS = 'game, width, height, background, first_version AS "firstVersion", started_at AS "startedAt"';

const toChange = (row: ChangeRow): LoggedChange => ({
  version: row.version,
  game: row.game,
  x: row.x,
  y: row.y,
  color: row.color,
  userId: row.user_id,
  userName: row.user_name,
  placedAt: row.placed_at,
});

/**
 * The placement log in PostgreSQL, shared by every instance. A commit locks the single
 * `canvas_head` row, takes the next versions from it and inserts the whole run with one
 * statement; the row lock orders commits, so versions are dense, global and in commit
 * order.
 */
export class PostgresPlacementLogRepository extends PlacementLogRepository {
  constructor(private readonly database: PostgresDatabase) {
    super();
  }

  commitChanges(game: number, changes: ChangeColumns, from: number, to: number, placedAt: number): Promise<number> {
    const n = to - from;
    const xs = new Array<number>(n);
    const ys = new Array<number>(n);
    const colors = new Array<number>(n);
    const userIds = new Array<string | null>(n);
    const userNames = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const x = changes.x[from + i];
      xs[i] = x;
      ys[i] = x === RESET_X ? 0 : changes.y[from + i];
      colors[i] = changes.color[from + i];
      userIds[i] = changes.userId[from + i];
      userNames[i] = changes.userName[from + i];
    }
    return this.database.transaction(async (tx) => {
      const head = await tx.query<{ game: number; version: number }>('UPDATE canvas_head SET version = version + $1 WHERE id = 1 RETURNING game, version', [n]);
      const row = head.rows[0];
      if (!row) throw new GameChangedError(game, 0);
      if (row.game !== game) throw new GameChangedError(game, row.game);
      const first = row.version - n + 1;
      await tx.query(
        `INSERT INTO canvas_changes (${CHANGE_COLUMNS})
         SELECT $1::bigint + i - 1, $2, x, y, color, user_id, user_name, $3
         FROM unnest($4::int[], $5::int[], $6::smallint[], $7::text[], $8::text[]) WITH ORDINALITY AS t(x, y, color, user_id, user_name, i)`,
        [first, game, placedAt, xs, ys, colors, userIds, userNames],
      );
      return first;
    });
  }

  commitUndo(game: number, c: NewChange, undoes: number, placedAt: number): Promise<number> {
    return this.database.transaction(async (tx) => {
      // the head row lock orders this against every other commit: the check below sees them all
      const head = (await tx.query<{ game: number; version: number }>('UPDATE canvas_head SET version = version + 1 WHERE id = 1 RETURNING game, version'))
        .rows[0];
      if (!head) throw new GameChangedError(game, 0);
      if (head.game !== game) throw new GameChangedError(game, head.game);
      const later = await tx.query('SELECT 1 FROM canvas_changes WHERE ((y = $1 AND x = $2) OR (y = 0 AND x = $3)) AND version > $4 LIMIT 1', [
        c.y,
        c.x,
        RESET_X,
        undoes,
      ]);
      if (later.rowCount) throw new UndoConflictError(undoes);
      await tx.query(`INSERT INTO canvas_changes (${CHANGE_COLUMNS}, undoes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
        head.version,
        game,
        c.x,
        c.y,
        c.color,
        c.userId,
        c.userName,
        placedAt,
        undoes,
      ]);
      return head.version;
    });
  }

  async lastPlacementOf(userId: string, game: number): Promise<(LoggedChange & { undoes: number | null }) | null> {
    const row = (
      await this.database.query<ChangeRow & { undoes: number | null }>(
        `SELECT ${CHANGE_COLUMNS}, undoes FROM canvas_changes WHERE user_id = $1 AND x <> $2 ORDER BY version DESC LIMIT 1`,
        [userId, RESET_X],
      )
    ).rows[0];
    return row && row.game === game ? { ...toChange(row), undoes: row.undoes } : null;
  }

  async colorBefore(x: number, y: number, version: number, gameFirstVersion: number): Promise<number | null> {
    const rows = (
      await this.database.query<{ version: number; color: number }>(
        `(SELECT version, color FROM canvas_changes WHERE y = $1 AND x = $2 AND version < $3 AND version > $4 ORDER BY version DESC LIMIT 1)
         UNION ALL
         (SELECT version, color FROM canvas_changes WHERE y = 0 AND x = $5 AND version < $3 AND version >= $4 ORDER BY version DESC LIMIT 1)
         ORDER BY version DESC LIMIT 1`,
        [y, x, version, gameFirstVersion, RESET_X],
      )
    ).rows;
    return rows[0]?.color ?? null;
  }

  async tallies(game: number, sinceMs: number): Promise<PlacementTally[]> {
    const rows = (
      await this.database.query<{ user_id: string; user_name: string | null; pixels: number; last: number }>(talliesSql('placed_at'), [game, sinceMs, RESET_X])
    ).rows;
    return rows.map((r) => ({ userId: r.user_id, userName: r.user_name ?? '', pixels: Number(r.pixels), lastVersion: Number(r.last) }));
  }

  async firstVersionFrom(sinceMs: number): Promise<number> {
    const row = (
      await this.database.query<{ v: number }>(
        'SELECT COALESCE((SELECT version FROM canvas_changes WHERE placed_at >= $1 ORDER BY placed_at, version LIMIT 1), (SELECT version + 1 FROM canvas_head WHERE id = 1), 1) AS v',
        [sinceMs],
      )
    ).rows[0];
    return Number(row.v);
  }

  async pixelsInVersions(game: number, from: number, to: number): Promise<{ x: Uint16Array; y: Uint16Array }> {
    const rows = (
      await this.database.query<{ x: number; y: number }>(
        'SELECT x, y FROM canvas_changes WHERE version >= $1 AND version < $2 AND game = $3 AND x <> $4 ORDER BY version',
        [from, to, game, RESET_X],
      )
    ).rows;
    const x = new Uint16Array(rows.length);
    const y = new Uint16Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      x[i] = rows[i].x;
      y[i] = rows[i].y;
    }
    return { x, y };
  }

  startGame(
    size: { width: number; height: number; background: number },
    by: { userId: string | null; userName: string | null },
    now: number,
  ): Promise<{ game: GameRecord; reset: LoggedChange }> {
    return this.database.transaction(async (tx) => {
      const head = await this.lockHead(tx);
      const version = head.version + 1;
      const game: GameRecord = { game: head.game + 1, ...size, firstVersion: version, startedAt: now };
      await tx.query('INSERT INTO canvas_games (game, width, height, background, first_version, started_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        game.game,
        game.width,
        game.height,
        game.background,
        game.firstVersion,
        game.startedAt,
      ]);
      const reset: LoggedChange = {
        version,
        game: game.game,
        x: RESET_X,
        y: 0,
        color: size.background,
        userId: by.userId,
        userName: by.userName,
        placedAt: now,
      };
      await tx.query(`INSERT INTO canvas_changes (${CHANGE_COLUMNS}) VALUES ($1, $2, $3, 0, $4, $5, $6, $7)`, [
        version,
        game.game,
        RESET_X,
        size.background,
        by.userId,
        by.userName,
        now,
      ]);
      await tx.query('UPDATE canvas_head SET game = $1, version = $2 WHERE id = 1', [game.game, version]);
      return { game, reset };
    });
  }

  async ensureFirstGame(size: { width: number; height: number; background: number }, now: number): Promise<void> {
    await this.database.transaction(async (tx) => {
      // Two instances starting on an empty database: the first insert wins, the other is a no-op.
      const created = await tx.query('INSERT INTO canvas_head (id, game, version) VALUES (1, 1, 0) ON CONFLICT (id) DO NOTHING RETURNING id');
      if (created.rowCount === 1) {
        await tx.query('INSERT INTO canvas_games (game, width, height, background, first_version, started_at) VALUES (1, $1, $2, $3, 0, $4)', [
          size.width,
          size.height,
          size.background,
          now,
        ]);
      }
    });
  }

  async head(): Promise<LogHead> {
    const row = (await this.database.query<LogHead>('SELECT game, version FROM canvas_head WHERE id = 1')).rows[0];
    return row ?? { game: 0, version: 0 };
  }

  async changesAfter(version: number, limit: number): Promise<LoggedChange[]> {
    const result = await this.database.query<ChangeRow>(`SELECT ${CHANGE_COLUMNS} FROM canvas_changes WHERE version > $1 ORDER BY version LIMIT $2`, [
      version,
      limit,
    ]);
    return result.rows.map(toChange);
  }

  async lastChangeAt(x: number, y: number, afterVersion: number): Promise<LoggedChange | null> {
    const result = await this.database.query<ChangeRow>(
      `SELECT ${CHANGE_COLUMNS} FROM canvas_changes WHERE y = $1 AND x = $2 AND version > $3 ORDER BY version DESC LIMIT 1`,
      [y, x, afterVersion],
    );
    return result.rows[0] ? toChange(result.rows[0]) : null;
  }

  async lastReset(): Promise<LoggedChange | null> {
    const result = await this.database.query<ChangeRow>(`SELECT ${CHANGE_COLUMNS} FROM canvas_changes WHERE y = 0 AND x = $1 ORDER BY version DESC LIMIT 1`, [
      RESET_X,
    ]);
    return result.rows[0] ? toChange(result.rows[0]) : null;
  }

  async countSince(sinceMs: number): Promise<number> {
    const result = await this.database.query<{ n: number }>('SELECT COUNT(*)::bigint AS n FROM canvas_changes WHERE placed_at >= $1 AND x <> $2', [
      sinceMs,
      RESET_X,
    ]);
    return result.rows[0].n;
  }

  async games(): Promise<GameRecord[]> {
    return (await this.database.query<GameRecord>(`SELECT ${GAME_COLUMNS} FROM canvas_games ORDER BY game`)).rows;
  }

  async latestCheckpoint(): Promise<Checkpoint | null> {
    const row = (
      await this.database.query<{ version: number; game: number; width: number; height: number; pixels: Buffer }>(
        'SELECT version, game, width, height, pixels FROM canvas_checkpoints ORDER BY version DESC LIMIT 1',
      )
    ).rows[0];
    return row ? { version: row.version, game: row.game, width: row.width, height: row.height, zlibPixels: new Uint8Array(row.pixels) } : null;
  }

  async saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
    await this.database.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO canvas_checkpoints (version, game, width, height, pixels, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (version) DO NOTHING',
        [
          checkpoint.version,
          checkpoint.game,
          checkpoint.width,
          checkpoint.height,
          Buffer.from(checkpoint.zlibPixels.buffer, checkpoint.zlibPixels.byteOffset, checkpoint.zlibPixels.byteLength),
          Date.now(),
        ],
      );
      await tx.query('DELETE FROM canvas_checkpoints WHERE version NOT IN (SELECT version FROM canvas_checkpoints ORDER BY version DESC LIMIT $1)', [
        CHECKPOINTS_KEPT,
      ]);
    });
  }

  async paused(): Promise<boolean> {
    const row = (await this.database.query<{ value: string }>("SELECT value FROM canvas_settings WHERE name = 'paused'")).rows[0];
    return row?.value === 'true';
  }

  async setPaused(paused: boolean): Promise<void> {
    await this.database.query("INSERT INTO canvas_settings (name, value) VALUES ('paused', $1) ON CONFLICT (name) DO UPDATE SET value = excluded.value", [
      String(paused),
    ]);
  }

  private async lockHead(tx: PoolClient): Promise<LogHead> {
    const row = (await tx.query<LogHead>('SELECT game, version FROM canvas_head WHERE id = 1 FOR UPDATE')).rows[0];
    if (!row) throw new Error('the placement log has no head row: ensureFirstGame() was not run');
    return row;
  }
}
