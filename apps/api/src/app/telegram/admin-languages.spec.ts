import { afterEach, describe, expect, it } from 'vitest';
import { postgresBackend, sqliteBackend } from '../../../test/support/storage-backends';
import type { OpenedStorage } from '../../../test/support/storage-backends';
import type { Database } from '../storage/database';
import { PostgresDatabase } from '../storage/postgres-database';
import { AdminLanguageRepository, PostgresAdminLanguageRepository, SqliteAdminLanguageRepository } from './admin-language.repository';
import { AdminLanguages } from './admin-languages';

const repositoryOf = (db: Database): AdminLanguageRepository =>
  db instanceof PostgresDatabase ? new PostgresAdminLanguageRepository(db) : new SqliteAdminLanguageRepository(db);

/** Resolves once the fire-and-forget write of `remember` has landed. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

describe.each([sqliteBackend, postgresBackend])('AdminLanguages on $name', (backend) => {
  let storage: OpenedStorage<Database> | null = null;

  afterEach(async () => {
    await storage?.close();
    storage = null;
  });

  it('keeps each admin’s last language in the database: another instance (or a restart) reads it', async () => {
    storage = await backend.open('admin-lang');
    const here = new AdminLanguages(repositoryOf(storage.db));
    const elsewhere = new AdminLanguages(repositoryOf(storage.db));
    expect(await elsewhere.localeOf(711)).toBe('en'); // never wrote: English
    here.remember(711, 'ru-RU');
    here.remember(733, 'en-US');
    await settled();
    expect(await elsewhere.localeOf(711)).toBe('ru');
    expect(await elsewhere.localeOf(733)).toBe('en');
    elsewhere.remember(711, 'uk'); // no Ukrainian catalogue: English
    await settled();
    expect(await here.localeOf(711)).toBe('en');
    expect(await storage.all('SELECT telegram_id, locale FROM admin_languages ORDER BY telegram_id')).toEqual([
      { telegram_id: '711', locale: 'en' },
      { telegram_id: '733', locale: 'en' },
    ]);
  });

  it('writes only when the language changed', async () => {
    storage = await backend.open('admin-lang-writes');
    const repository = repositoryOf(storage.db);
    let writes = 0;
    const save = repository.save.bind(repository);
    repository.save = (...args) => (writes++, save(...args));
    const languages = new AdminLanguages(repository);
    for (let i = 0; i < 5; i++) languages.remember(711, 'ru');
    languages.remember(711, 'en');
    languages.remember(711, 'en-GB');
    await settled();
    expect(writes).toBe(2);
  });
});
