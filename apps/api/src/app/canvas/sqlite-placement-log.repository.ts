import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { RESET_X } from '@pixel-wars/protocol';
import { SqliteDatabase } from '../storage/sqlite-database';
import { Checkpoint, GameRecord, LoggedChange, PlacementLogRepository } from './placement-log.repository';

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

const CHECKPOINTS_KEPT = 2;

@Injectable()
export class SqlitePlacementLogRepository extends PlacementLogRepository {
  private readonly insert: Statement;
  private readonly appendAll: (changes: readonly LoggedChange[]) => void;

  constructor(private readonly database: SqliteDatabase) {
    super();
    const db = database.db;
    this.insert = db.prepare(
      'INSERT INTO canvas_changes (version, game, x, y, color, user_id, user_name, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.appendAll = db.transaction((changes: readonly LoggedChange[]) => {
      for (const c of changes) this.insert.run(c.version, c.game, c.x, c.y, c.color, c.userId, c.userName, c.placedAt);
    });
  }

  private get db() {
    return this.database.db;
  }

  append(changes: readonly LoggedChange[]): void {
    this.appendAll(changes);
  }

  lastVersion(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(version), 0) FROM canvas_changes').pluck().get() as number) ?? 0;
  }

  *changesAfter(version: number): Iterable<LoggedChange> {
    const rows = this.db.prepare('SELECT * FROM canvas_changes WHERE version > ? ORDER BY version').iterate(version) as Iterable<ChangeRow>;
    for (const row of rows) yield toChange(row);
  }

  lastChangeAt(x: number, y: number, afterVersion: number): LoggedChange | null {
    const row = this.db
      .prepare('SELECT * FROM canvas_changes WHERE y = ? AND x = ? AND version > ? ORDER BY version DESC LIMIT 1')
      .get(y, x, afterVersion) as ChangeRow | undefined;
    return row ? toChange(row) : null;
  }

  lastReset(): LoggedChange | null {
    const row = this.db
      .prepare('SELECT * FROM canvas_changes WHERE y = 0 AND x = ? ORDER BY version DESC LIMIT 1')
      .get(RESET_X) as ChangeRow | undefined;
    return row ? toChange(row) : null;
  }

  countSince(sinceMs: number): number {
    // placed_at never decreases with version (assigned at commit): binary-search the
    // first version placed at or after sinceMs over the primary key, then count.
    const placedAt = this.db.prepare('SELECT placed_at FROM canvas_changes WHERE version >= ? ORDER BY version LIMIT 1').pluck();
    let low = 1;
    let high = this.lastVersion() + 1;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      const at = placedAt.get(mid) as number | undefined;
      if (at === undefined || at >= sinceMs) high = mid;
      else low = mid + 1;
    }
    return this.db.prepare('SELECT COUNT(*) FROM canvas_changes WHERE version >= ? AND x != ?').pluck().get(low, RESET_X) as number;
  }

  games(): GameRecord[] {
    return (
      this.db.prepare('SELECT game, width, height, background, first_version, started_at FROM canvas_games ORDER BY game').all() as {
        game: number;
        width: number;
        height: number;
        background: number;
        first_version: number;
        started_at: number;
      }[]
    ).map((r) => ({ game: r.game, width: r.width, height: r.height, background: r.background, firstVersion: r.first_version, startedAt: r.started_at }));
  }

  startGame(game: GameRecord, reset: LoggedChange | null): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO canvas_games (game, width, height, background, first_version, started_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(game.game, game.width, game.height, game.background, game.firstVersion, game.startedAt);
      if (reset) this.appendAll([reset]);
    })();
  }

  latestCheckpoint(): Checkpoint | null {
    const row = this.db.prepare('SELECT version, game, width, height, pixels FROM canvas_checkpoints ORDER BY version DESC LIMIT 1').get() as
      | { version: number; game: number; width: number; height: number; pixels: Buffer }
      | undefined;
    return row ? { version: row.version, game: row.game, width: row.width, height: row.height, zlibPixels: new Uint8Array(row.pixels) } : null;
  }

  saveCheckpoint(checkpoint: Checkpoint): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT OR REPLACE INTO canvas_checkpoints (version, game, width, height, pixels, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(checkpoint.version, checkpoint.game, checkpoint.width, checkpoint.height, Buffer.from(checkpoint.zlibPixels), Date.now());
      this.db
        .prepare('DELETE FROM canvas_checkpoints WHERE version NOT IN (SELECT version FROM canvas_checkpoints ORDER BY version DESC LIMIT ?)')
        .run(CHECKPOINTS_KEPT);
    })();
  }
}
