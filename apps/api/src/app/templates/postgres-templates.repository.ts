import { PostgresDatabase } from '../storage/postgres-database';
import { TEMPLATE_COLUMNS, TemplateRow, toTemplate } from './sqlite-templates.repository';
import { FollowedTemplate, TemplateRecord, TemplatesRepository } from './templates.repository';

/** Templates in PostgreSQL, shared by every instance. */
export class PostgresTemplatesRepository extends TemplatesRepository {
  constructor(private readonly database: PostgresDatabase) {
    super();
  }

  create(t: TemplateRecord, limit: number): Promise<boolean> {
    return this.database.transaction(async (tx) => {
      // One owner's creates queue on this lock, so the count below cannot be stale.
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('templates:' || $1))", [t.ownerId]);
      const { rows } = await tx.query<{ n: number }>('SELECT COUNT(*)::bigint AS n FROM templates WHERE owner_id = $1 AND game = $2', [t.ownerId, t.game]);
      if (rows[0].n >= limit) return false;
      await tx.query('INSERT INTO templates (id, game, owner_id, name, x, y, width, height, pixels, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
        t.id,
        t.game,
        t.ownerId,
        t.name,
        t.x,
        t.y,
        t.width,
        t.height,
        Buffer.from(t.pixels),
        t.createdAt,
      ]);
      return true;
    });
  }

  async find(id: string, game: number): Promise<TemplateRecord | null> {
    const { rows } = await this.database.query<TemplateRow>(`SELECT ${TEMPLATE_COLUMNS} FROM templates t WHERE t.id = $1 AND t.game = $2`, [id, game]);
    return rows[0] ? toTemplate(rows[0]) : null;
  }

  async listByOwner(ownerId: string, game: number): Promise<TemplateRecord[]> {
    const { rows } = await this.database.query<TemplateRow>(`SELECT ${TEMPLATE_COLUMNS} FROM templates t WHERE t.owner_id = $1 AND t.game = $2 ORDER BY t.created_at DESC, t.id`, [ownerId, game]);
    return rows.map(toTemplate);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.database.query('DELETE FROM templates WHERE id = $1', [id]);
    return result.rowCount === 1;
  }

  async follow(templateId: string, userId: string, now: number): Promise<void> {
    await this.database.query(
      'INSERT INTO template_followers (template_id, user_id, followed_at) SELECT id, $2, $3 FROM templates WHERE id = $1 ON CONFLICT DO NOTHING',
      [templateId, userId, now],
    );
  }

  async mostFollowed(game: number, limit: number): Promise<FollowedTemplate[]> {
    const { rows } = await this.database.query<TemplateRow & { followers: number }>(
      `SELECT ${TEMPLATE_COLUMNS}, COUNT(f.user_id)::bigint AS followers
       FROM templates t LEFT JOIN template_followers f ON f.template_id = t.id
       WHERE t.game = $1 GROUP BY t.id ORDER BY followers DESC, t.created_at, t.id LIMIT $2`,
      [game, limit],
    );
    return rows.map((row) => ({ template: toTemplate(row), followers: row.followers }));
  }
}
