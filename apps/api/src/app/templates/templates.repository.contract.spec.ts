import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { implementationFor, OpenedStorage, STORAGE_BACKENDS } from '../../../test/support/storage-backends';
import type { Database } from '../storage/database';
import { PostgresTemplatesRepository } from './postgres-templates.repository';
import { SqliteTemplatesRepository } from './sqlite-templates.repository';
import { TemplateRecord, TemplatesRepository } from './templates.repository';

const template = (id: string, overrides: Partial<TemplateRecord> = {}): TemplateRecord => ({
  id,
  game: 1,
  ownerId: 'owner',
  name: `template ${id}`,
  x: 1,
  y: 2,
  width: 2,
  height: 2,
  pixels: new Uint8Array([0, 255, 3, 4]),
  createdAt: 1000,
  ...overrides,
});

describe.each(STORAGE_BACKENDS)('TemplatesRepository on $name', (backend) => {
  let storage: OpenedStorage<Database>;
  let templates: TemplatesRepository;

  beforeEach(async () => {
    storage = await backend.open('templates');
    templates = implementationFor<TemplatesRepository>(storage.db, { sqlite: (db) => new SqliteTemplatesRepository(db), postgres: (db) => new PostgresTemplatesRepository(db) });
  });
  afterEach(() => storage.close());

  it('stores and finds a template of its game only', async () => {
    expect(await templates.create(template('t1'), 10)).toBe(true);
    expect(await templates.find('t1', 1)).toEqual(template('t1'));
    expect(await templates.find('t1', 2)).toBeNull();
    expect(await templates.find('nope', 1)).toBeNull();
  });

  it('lists the owner’s templates of one game, newest first', async () => {
    await templates.create(template('old', { createdAt: 1 }), 10);
    await templates.create(template('new', { createdAt: 2 }), 10);
    await templates.create(template('other-owner', { ownerId: 'x' }), 10);
    await templates.create(template('other-game', { game: 2 }), 10);
    expect((await templates.listByOwner('owner', 1)).map((t) => t.id)).toEqual(['new', 'old']);
  });

  it('refuses a template past the per-owner limit of its game, also when created in parallel', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => templates.create(template(`p${i}`), 3)));
    expect(results.filter(Boolean)).toHaveLength(3);
    expect(await templates.create(template('next-game', { game: 2 }), 3)).toBe(true);
    expect(await templates.create(template('someone-else', { ownerId: 'x' }), 3)).toBe(true);
  });

  it('counts distinct followers and ranks by them; delete removes the template and its followers', async () => {
    await templates.create(template('a', { createdAt: 1 }), 10);
    await templates.create(template('b', { createdAt: 2 }), 10);
    await templates.create(template('c', { createdAt: 3, game: 2 }), 10);
    for (const user of ['u1', 'u2', 'u1']) await templates.follow('b', user, 5);
    await templates.follow('a', 'u3', 5);
    await templates.follow('missing', 'u3', 5);
    expect((await templates.mostFollowed(1, 10)).map((f) => [f.template.id, f.followers])).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
    expect(await templates.delete('b')).toBe(true);
    expect(await templates.delete('b')).toBe(false);
    expect(await storage.all('SELECT * FROM template_followers WHERE template_id = ?', ['b'])).toEqual([]);
    expect((await templates.mostFollowed(1, 1)).map((f) => f.template.id)).toEqual(['a']);
  });
});
