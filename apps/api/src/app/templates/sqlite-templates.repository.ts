import type { Transaction } from 'better-sqlite3';
import { SqliteDatabase } from '../storage/sqlite-database';
import { FollowedTemplate, TemplateRecord, TemplatesRepository } from './templates.repository';

export interface TemplateRow {
  id: string;
  game: number;
  owner_id: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  pixels: Buffer;
  created_at: number;
}

export const TEMPLATE_COLUMNS = 't.id, t.game, t.owner_id, t.name, t.x, t.y, t.width, t.height, t.pixels, t.created_at';

export const toTemplate = (row: TemplateRow): TemplateRecord => ({
  id: row.id,
  game: row.game,
  ownerId: row.owner_id,
  name: row.name,
  x: row.x,
  y: row.y,
  width: row.width,
  height: row.height,
  pixels: new Uint8Array(row.pixels),
  createdAt: row.created_at,
});

/** Templates in the embedded SQLite file. */
export class SqliteTemplatesRepository extends TemplatesRepository {
  private readonly statements;
  private readonly insertLimited: Transaction<(template: TemplateRecord, limit: number) => boolean>;

  constructor(database: SqliteDatabase) {
    super();
    const db = database.db;
    this.statements = {
      count: db.prepare<[string, number], number>('SELECT COUNT(*) FROM templates WHERE owner_id = ? AND game = ?').pluck(),
      insert: db.prepare('INSERT INTO templates (id, game, owner_id, name, x, y, width, height, pixels, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      find: db.prepare<[string, number], TemplateRow>(`SELECT ${TEMPLATE_COLUMNS} FROM templates t WHERE t.id = ? AND t.game = ?`),
      byOwner: db.prepare<[string, number], TemplateRow>(`SELECT ${TEMPLATE_COLUMNS} FROM templates t WHERE t.owner_id = ? AND t.game = ? ORDER BY t.created_at DESC, t.id`),
      deleteFollowers: db.prepare('DELETE FROM template_followers WHERE template_id = ?'),
      delete: db.prepare('DELETE FROM templates WHERE id = ?'),
      follow: db.prepare('INSERT OR IGNORE INTO template_followers (template_id, user_id, followed_at) SELECT id, ?, ? FROM templates WHERE id = ?'),
      mostFollowed: db.prepare<[number, number], TemplateRow & { followers: number }>(
        `SELECT ${TEMPLATE_COLUMNS}, COUNT(f.user_id) AS followers
         FROM templates t LEFT JOIN template_followers f ON f.template_id = t.id
         WHERE t.game = ? GROUP BY t.id ORDER BY followers DESC, t.created_at, t.id LIMIT ?`,
      ),
    };
    this.insertLimited = db.transaction((t: TemplateRecord, limit: number) => {
      if (this.statements.count.get(t.ownerId, t.game)! >= limit) return false;
      this.statements.insert.run(t.id, t.game, t.ownerId, t.name, t.x, t.y, t.width, t.height, Buffer.from(t.pixels), t.createdAt);
      return true;
    });
  }

  async create(template: TemplateRecord, limit: number): Promise<boolean> {
    return this.insertLimited.immediate(template, limit);
  }

  async find(id: string, game: number): Promise<TemplateRecord | null> {
    const row = this.statements.find.get(id, game);
    return row ? toTemplate(row) : null;
  }

  async listByOwner(ownerId: string, game: number): Promise<TemplateRecord[]> {
    return this.statements.byOwner.all(ownerId, game).map(toTemplate);
  }

  async delete(id: string): Promise<boolean> {
    this.statements.deleteFollowers.run(id);
    return this.statements.delete.run(id).changes === 1;
  }

  async follow(templateId: string, userId: string, now: number): Promise<void> {
    this.statements.follow.run(userId, now, templateId);
  }

  async mostFollowed(game: number, limit: number): Promise<FollowedTemplate[]> {
    return this.statements.mostFollowed.all(game, limit).map((row) => ({ template: toTemplate(row), followers: row.followers }));
  }
}
