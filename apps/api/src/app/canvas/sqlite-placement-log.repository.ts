import { RESET_X } from '@pixel-wars/protocol';
import { SqliteDatabase } from '../storage/sqlite-database';
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

const TALLIES_SQL = talliesSql('version').replace(/\$\d/g, '?');

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

interface GameRow {
  game: number;
  width: number;
  height: number;
  background: number;
  first_version: number;
  started_at: number;
}

export const toChange = (row: ChangeRow): LoggedChange => ({
  version: row.version,
  game: row.game,
  x: row.x,
  y: row.y,
  color: row.color,
  userId: row.user_id,
  userName: row.user_name,
  placedAt: row.placed_at,
});

export const toGame = (r: GameRow): GameRecord => ({
  game: r.game,
  width: r.width,
  height: r.height,
  background: r.background,
  firstVersion: r.first_version,
  startedAt: r.started_at,
});

/**
 * The placement log in the embedded SQLite file. better-sqlite3 is synchronous: each
 * method does its work at once and returns a settled promise, so a group commit still
 * happens in the event-loop turn that asks for it.
 */
export class SqlitePlacementLogRepository extends PlacementLogRepository {
  private readonly statements;
  private readonly commit: (game: number, changes: ChangeColumns, from: number, to: number, placedAt: number) => number;
  private readonly undo: (game: number, change: NewChange, undoes: number, placedAt: number) => number;

  constructor(private readonly database: SqliteDatabase) {
    super();
    const db = database.db;
    this.statements = {
      insert: db.prepare('INSERT INTO canvas_changes (version, game, x, y, color, user_id, user_name, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      lastVersion: db.prepare<[], number>('SELECT COALESCE(MAX(version), 0) FROM canvas_changes').pluck(),
      currentGame: db.prepare<[], number | null>('SELECT MAX(game) FROM canvas_games').pluck(),
      insertGame: db.prepare('INSERT INTO canvas_games (game, width, height, background, first_version, started_at) VALUES (?, ?, ?, ?, ?, ?)'),
      games: db.prepare<[], GameRow>('SELECT game, width, height, background, first_version, started_at FROM canvas_games ORDER BY game'),
      after: db.prepare<[number, number], ChangeRow>('SELECT * FROM canvas_changes WHERE version > ? ORDER BY version LIMIT ?'),
      lastAt: db.prepare<[number, number, number], ChangeRow>(
        'SELECT * FROM canvas_changes WHERE y = ? AND x = ? AND version > ? ORDER BY version DESC LIMIT 1',
      ),
      lastReset: db.prepare<[number], ChangeRow>('SELECT * FROM canvas_changes WHERE y = 0 AND x = ? ORDER BY version DESC LIMIT 1'),
      placedAtOf: db.prepare<[number], number>('SELECT placed_at FROM canvas_changes WHERE version >= ? ORDER BY version LIMIT 1').pluck(),
      countFrom: db.prepare<[number, number], number>('SELECT COUNT(*) FROM canvas_changes WHERE version >= ? AND x != ?').pluck(),
      latestCheckpoint: db.prepare('SELECT version, game, width, height, pixels FROM canvas_checkpoints ORDER BY version DESC LIMIT 1'),
      saveCheckpoint: db.prepare('INSERT OR IGNORE INTO canvas_checkpoints (version, game, width, height, pixels, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      pruneCheckpoints: db.prepare(
        'DELETE FROM canvas_checkpoints WHERE version NOT IN (SELECT version FROM canvas_checkpoints ORDER BY version DESC LIMIT ?)',
      ),
      setting: db.prepare<[string], string>('SELECT value FROM canvas_settings WHERE name = ?').pluck(),
      setSetting: db.prepare('INSERT INTO canvas_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
      insertUndo: db.prepare(
        'INSERT INTO canvas_changes (version, game, x, y, color, user_id, user_name, placed_at, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      laterAt: db.prepare<[number, number, number], number>('SELECT 1 FROM canvas_changes WHERE y = ? AND x = ? AND version > ? LIMIT 1').pluck(),
      lastPlacementOf: db.prepare<[string, number], ChangeRow & { undoes: number | null }>(
        'SELECT * FROM canvas_changes WHERE user_id = ? AND x != ? ORDER BY version DESC LIMIT 1',
      ),
      pixelBefore: db.prepare<[number, number, number, number], { version: number; color: number }>(
        'SELECT version, color FROM canvas_changes WHERE y = ? AND x = ? AND version < ? AND version > ? ORDER BY version DESC LIMIT 1',
      ),
      pixelsIn: db
        .prepare<[number, number, number, number], [number, number]>(
          'SELECT x, y FROM canvas_changes WHERE version >= ? AND version < ? AND game = ? AND x != ? ORDER BY version',
        )
        .raw(),
    };
    this.undo = db.transaction((game: number, c: NewChange, undoes: number, placedAt: number) => {
      const current = this.statements.currentGame.get() ?? 0;
      if (current !== game) throw new GameChangedError(game, current);
      if (this.statements.laterAt.get(c.y, c.x, undoes) || this.statements.laterAt.get(0, RESET_X, undoes)) throw new UndoConflictError(undoes);
      const version = this.statements.lastVersion.get()! + 1;
      this.statements.insertUndo.run(version, game, c.x, c.y, c.color, c.userId, c.userName, placedAt, undoes);
      return version;
    });
    this.commit = db.transaction((game: number, c: ChangeColumns, from: number, to: number, placedAt: number) => {
      const current = this.statements.currentGame.get() ?? 0;
      if (current !== game) throw new GameChangedError(game, current);
      const first = this.statements.lastVersion.get()! + 1;
      for (let i = from; i < to; i++) {
        const x = c.x[i];
        this.statements.insert.run(first + i - from, game, x, x === RESET_X ? 0 : c.y[i], c.color[i], c.userId[i], c.userName[i], placedAt);
      }
      return first;
    });
  }

  commitChanges(game: number, changes: ChangeColumns, from: number, to: number, placedAt: number): Promise<number> {
    return settle(() => this.commit(game, changes, from, to, placedAt));
  }

  commitUndo(game: number, change: NewChange, undoes: number, placedAt: number): Promise<number> {
    return settle(() => this.undo(game, change, undoes, placedAt));
  }

  lastPlacementOf(userId: string, game: number): Promise<(LoggedChange & { undoes: number | null }) | null> {
    return settle(() => {
      const row = this.statements.lastPlacementOf.get(userId, RESET_X);
      return row && row.game === game ? { ...toChange(row), undoes: row.undoes } : null;
    });
  }

  colorBefore(x: number, y: number, version: number, gameFirstVersion: number): Promise<number | null> {
    return settle(() => {
      const pixel = this.statements.pixelBefore.get(y, x, version, gameFirstVersion);
      const reset = this.statements.pixelBefore.get(0, RESET_X, version, gameFirstVersion - 1);
      if (pixel && (!reset || pixel.version > reset.version)) return pixel.color;
      return reset ? reset.color : null;
    });
  }

  /** On the read worker: over a long log this aggregate takes seconds, which the event loop must not wait for. */
  async tallies(game: number, sinceMs: number): Promise<PlacementTally[]> {
    const rows = await this.database.offLoop.all<[string, string | null, number, number]>(TALLIES_SQL, [game, this.firstVersionAt(sinceMs), RESET_X]);
    return rows.map(([userId, userName, pixels, lastVersion]) => ({ userId, userName: userName ?? '', pixels, lastVersion }));
  }

  startGame(
    size: { width: number; height: number; background: number },
    by: { userId: string | null; userName: string | null },
    now: number,
  ): Promise<{ game: GameRecord; reset: LoggedChange }> {
    return settle(() =>
      this.database.db
        .transaction(() => {
          const version = this.statements.lastVersion.get()! + 1;
          const game: GameRecord = { game: (this.statements.currentGame.get() ?? 0) + 1, ...size, firstVersion: version, startedAt: now };
          this.statements.insertGame.run(game.game, game.width, game.height, game.background, game.firstVersion, game.startedAt);
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
          this.statements.insert.run(version, game.game, RESET_X, 0, size.background, by.userId, by.userName, now);
          return { game, reset };
        })
        .immediate(),
    );
  }

  ensureFirstGame(size: { width: number; height: number; background: number }, now: number): Promise<void> {
    return settle(() => {
      if (this.statements.currentGame.get() !== null) return;
      this.statements.insertGame.run(1, size.width, size.height, size.background, 0, now);
    });
  }

  head(): Promise<LogHead> {
    return settle(() => ({ game: this.statements.currentGame.get() ?? 0, version: this.statements.lastVersion.get()! }));
  }

  changesAfter(version: number, limit: number): Promise<LoggedChange[]> {
    return settle(() => this.statements.after.all(version, limit).map(toChange));
  }

  lastChangeAt(x: number, y: number, afterVersion: number): Promise<LoggedChange | null> {
    return settle(() => {
      const row = this.statements.lastAt.get(y, x, afterVersion);
      return row ? toChange(row) : null;
    });
  }

  lastReset(): Promise<LoggedChange | null> {
    return settle(() => {
      const row = this.statements.lastReset.get(RESET_X);
      return row ? toChange(row) : null;
    });
  }

  countSince(sinceMs: number): Promise<number> {
    return settle(() => this.statements.countFrom.get(this.firstVersionAt(sinceMs), RESET_X)!);
  }

  firstVersionFrom(sinceMs: number): Promise<number> {
    return settle(() => this.firstVersionAt(sinceMs));
  }

  pixelsInVersions(game: number, from: number, to: number): Promise<{ x: Uint16Array; y: Uint16Array }> {
    return settle(() => {
      const rows = this.statements.pixelsIn.all(from, to, game, RESET_X);
      const x = new Uint16Array(rows.length);
      const y = new Uint16Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        x[i] = rows[i][0];
        y[i] = rows[i][1];
      }
      return { x, y };
    });
  }

  /**
   * The first version placed at or after `sinceMs`. placed_at never decreases with version
   * (assigned at commit), so a binary search over the primary key finds it without an
   * index on placed_at (one less index to maintain per placement).
   */
  private firstVersionAt(sinceMs: number): number {
    let low = 1;
    let high = this.statements.lastVersion.get()! + 1;
    if (sinceMs <= 0) return low;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      const at = this.statements.placedAtOf.get(mid);
      if (at === undefined || at >= sinceMs) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  games(): Promise<GameRecord[]> {
    return settle(() => this.statements.games.all().map(toGame));
  }

  latestCheckpoint(): Promise<Checkpoint | null> {
    return settle(() => {
      const row = this.statements.latestCheckpoint.get() as { version: number; game: number; width: number; height: number; pixels: Buffer } | undefined;
      return row ? { version: row.version, game: row.game, width: row.width, height: row.height, zlibPixels: new Uint8Array(row.pixels) } : null;
    });
  }

  saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
    return settle(() =>
      this.database.db.transaction(() => {
        this.statements.saveCheckpoint.run(
          checkpoint.version,
          checkpoint.game,
          checkpoint.width,
          checkpoint.height,
          Buffer.from(checkpoint.zlibPixels),
          Date.now(),
        );
        this.statements.pruneCheckpoints.run(CHECKPOINTS_KEPT);
      })(),
    );
  }

  paused(): Promise<boolean> {
    return settle(() => this.statements.setting.get('paused') === 'true');
  }

  setPaused(paused: boolean): Promise<void> {
    return settle(() => void this.statements.setSetting.run('paused', String(paused)));
  }
}

/** Runs synchronous work and reports its outcome as a promise (errors become rejections). */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}
