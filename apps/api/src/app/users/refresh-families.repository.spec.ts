import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementationFor, OpenedStorage, STORAGE_BACKENDS } from '../../../test/support/storage-backends';
import type { Database } from '../storage/database';
import { PostgresUsersRepository } from './postgres-users.repository';
import { SqliteUsersRepository } from './sqlite-users.repository';
import { UsersRepository } from './users.repository';
import { PostgresRefreshFamiliesRepository } from './postgres-refresh-families.repository';
import { RefreshFamiliesRepository } from './refresh-families.repository';
import { SqliteRefreshFamiliesRepository } from './sqlite-refresh-families.repository';

const hash = () => randomBytes(32).toString('hex');
const familyId = () => randomBytes(16).toString('base64url');

describe.each(STORAGE_BACKENDS)('RefreshFamiliesRepository contract on $name', (backend) => {
  let storage: OpenedStorage<Database>;
  let users: UsersRepository;
  let families: RefreshFamiliesRepository;

  beforeAll(async () => {
    storage = await backend.open('families');
    users = implementationFor<UsersRepository>(storage.db, {
      sqlite: (db) => new SqliteUsersRepository(db),
      postgres: (db) => new PostgresUsersRepository(db),
    });
    families = implementationFor<RefreshFamiliesRepository>(storage.db, {
      sqlite: (db) => new SqliteRefreshFamiliesRepository(db),
      postgres: (db) => new PostgresRefreshFamiliesRepository(db),
    });
  });
  afterAll(async () => {
    await storage?.close();
  });

  const newUser = async () => (await users.upsertDev({ email: `${randomUUID()}@dev.local`, name: 'Ann', avatarUrl: null, role: 'player' }, Date.now())).id;
  const newFamily = async (userId: string, createdAt = Date.now(), ttl = 3_600_000) => {
    const family = { id: familyId(), userId, hash: hash(), createdAt, expiresAt: createdAt + ttl };
    await families.create(family);
    return family;
  };

  it('stores a family and finds it; unknown ids are null', async () => {
    const userId = await newUser();
    const f = await newFamily(userId, 1_765_000_000_000);
    expect(await families.find(f.id)).toEqual({
      id: f.id,
      userId,
      currentHash: f.hash,
      generation: 0,
      createdAt: 1_765_000_000_000,
      expiresAt: 1_765_003_600_000,
      revokedAt: null,
    });
    expect(await families.find(familyId())).toBeNull();
  });

  it('rotates by compare-and-set: the current hash wins once, a stale one never', async () => {
    const f = await newFamily(await newUser());
    const next = hash();
    expect(await families.rotate(f.id, f.hash, next, Date.now())).toBe(true);
    expect(await families.find(f.id)).toMatchObject({ currentHash: next, generation: 1 });
    expect(await families.rotate(f.id, f.hash, hash(), Date.now())).toBe(false);
    expect(await families.rotate(familyId(), f.hash, hash(), Date.now())).toBe(false);
  });

  it('of many parallel rotations with one token exactly one succeeds', async () => {
    const f = await newFamily(await newUser());
    const candidates = Array.from({ length: 24 }, () => hash());
    const outcomes = await Promise.all(candidates.map((next) => families.rotate(f.id, f.hash, next, Date.now())));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const stored = await families.find(f.id);
    expect(stored).toMatchObject({ currentHash: candidates[outcomes.indexOf(true)], generation: 1 });
  });

  it('never rotates a revoked or expired family', async () => {
    const userId = await newUser();
    const revoked = await newFamily(userId);
    await families.revoke(revoked.id, 'logout', 5000);
    expect(await families.rotate(revoked.id, revoked.hash, hash(), Date.now())).toBe(false);
    const expired = await newFamily(userId, 1000, 1000);
    expect(await families.rotate(expired.id, expired.hash, hash(), 2000)).toBe(false);
    expect(await families.rotate(expired.id, expired.hash, hash(), 1999)).toBe(true);
  });

  it('revokes once (the first time and reason stay) and revokes all live families of a user', async () => {
    const userId = await newUser();
    const other = await newUser();
    const a = await newFamily(userId);
    await families.revoke(a.id, 'logout', 5000);
    await families.revoke(a.id, 'reuse', 6000);
    expect((await families.find(a.id))?.revokedAt).toBe(5000);
    const b = await newFamily(userId);
    const c = await newFamily(userId);
    const untouched = await newFamily(other);
    expect(await families.revokeAllForUser(userId, 'banned', 7000)).toBe(2);
    expect((await families.find(b.id))?.revokedAt).toBe(7000);
    expect((await families.find(c.id))?.revokedAt).toBe(7000);
    expect((await families.find(untouched.id))?.revokedAt).toBeNull();
    expect(await families.revokeAllForUser(userId, 'banned', 8000)).toBe(0);
  });

  it('purges families that expired or were revoked before the cut-off', async () => {
    const userId = await newUser();
    const cutOff = 500; // earlier than anything the other cases store
    const expired = await newFamily(userId, 100, 100);
    const revoked = await newFamily(userId, 100, 1e12);
    await families.revoke(revoked.id, 'logout', cutOff - 1);
    const live = await newFamily(userId, 100, 1e12);
    const revokedLater = await newFamily(userId, 100, 1e12);
    await families.revoke(revokedLater.id, 'logout', cutOff + 1);
    expect(await families.purge(cutOff)).toBe(2);
    expect(await families.find(expired.id)).toBeNull();
    expect(await families.find(revoked.id)).toBeNull();
    expect(await families.find(live.id)).not.toBeNull();
    expect(await families.find(revokedLater.id)).not.toBeNull();
  });
});
