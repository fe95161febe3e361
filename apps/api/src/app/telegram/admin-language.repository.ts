import type { Locale } from '@pixel-wars/protocol';
import { PgStatement } from '../storage/postgres-statement';
import { PostgresDatabase } from '../storage/postgres-database';
import { SqliteDatabase } from '../storage/sqlite-database';

/** Each Telegram admin's last language, shared by every instance: `admin_languages`. */
export abstract class AdminLanguageRepository {
  /** The stored language of the admin, or null when they never wrote to the bot. */
  abstract find(telegramId: number): Promise<Locale | null>;
  abstract save(telegramId: number, locale: Locale, at: number): Promise<void>;
}

export class SqliteAdminLanguageRepository extends AdminLanguageRepository {
  private readonly findStmt;
  private readonly saveStmt;

  constructor(database: SqliteDatabase) {
    super();
    this.findStmt = database.db.prepare<[string], Locale>('SELECT locale FROM admin_languages WHERE telegram_id = ?').pluck();
    this.saveStmt = database.db.prepare(
      'INSERT INTO admin_languages (telegram_id, locale, updated_at) VALUES (?, ?, ?) ON CONFLICT (telegram_id) DO UPDATE SET locale = excluded.locale, updated_at = excluded.updated_at',
    );
  }

  find(telegramId: number): Promise<Locale | null> {
    return Promise.resolve(this.findStmt.get(String(telegramId)) ?? null);
  }

  save(telegramId: number, locale: Locale, at: number): Promise<void> {
    this.saveStmt.run(String(telegramId), locale, at);
    return Promise.resolve();
  }
}

const statements = {
  find: new PgStatement<{ locale: Locale }>('admin_languages.find', 'SELECT locale FROM admin_languages WHERE telegram_id = $1'),
  save: new PgStatement(
    'admin_languages.save',
    'INSERT INTO admin_languages (telegram_id, locale, updated_at) VALUES ($1, $2, $3) ON CONFLICT (telegram_id) DO UPDATE SET locale = excluded.locale, updated_at = excluded.updated_at',
  ),
};

export class PostgresAdminLanguageRepository extends AdminLanguageRepository {
  constructor(private readonly database: PostgresDatabase) {
    super();
  }

  async find(telegramId: number): Promise<Locale | null> {
    return (await statements.find.run(this.database.pool, [String(telegramId)])).rows[0]?.locale ?? null;
  }

  async save(telegramId: number, locale: Locale, at: number): Promise<void> {
    await statements.save.run(this.database.pool, [String(telegramId), locale, at]);
  }
}
