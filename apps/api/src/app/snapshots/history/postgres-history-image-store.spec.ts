import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TestDatabase } from '../../../../test/support/postgres';
import { POSTGRES_MIGRATIONS } from '../../storage/migrations/postgres';
import { PostgresDatabase } from '../../storage/postgres-database';
import { historyImageKey } from './history-image-store';
import { PostgresHistoryImageStore } from './postgres-history-image-store';

describe('PostgresHistoryImageStore', () => {
  let t: TestDatabase;
  let a: PostgresDatabase;
  let b: PostgresDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('himg');
    [a, b] = [await PostgresDatabase.open(t.url, POSTGRES_MIGRATIONS), await PostgresDatabase.open(t.url, POSTGRES_MIGRATIONS)];
  });
  afterAll(async () => {
    await a?.onApplicationShutdown();
    await b?.onApplicationShutdown();
    await t?.drop();
  });

  it('serves an image stored by one instance from another; removal is idempotent', async () => {
    const key = historyImageKey(1, 42);
    await new PostgresHistoryImageStore(a).put(key, Buffer.from('png bytes'));
    const other = new PostgresHistoryImageStore(b);
    const image = await other.open(key);
    expect(image?.bytes).toBe(9);
    expect(await text(image!.stream)).toBe('png bytes');
    await other.remove(key);
    await other.remove(key);
    expect(await other.open(key)).toBeNull();
  });
});
