import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementationFor, OpenedStorage, STORAGE_BACKENDS } from '../../../test/support/storage-backends';
import type { Database } from '../storage/database';
import { PostgresUsersRepository } from './postgres-users.repository';
import { SqliteUsersRepository } from './sqlite-users.repository';
import { BANNED_FOREVER, detachedEmail, telegramEmail, UserProfile } from './user';
import { UsersRepository } from './users.repository';

const profile = (email: string, name = 'Ann', role: UserProfile['role'] = 'player'): UserProfile => ({ email, name, avatarUrl: null, role });
const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

describe.each(STORAGE_BACKENDS)('UsersRepository contract on $name', (backend) => {
  let storage: OpenedStorage<Database>;
  let repo: UsersRepository;

  beforeAll(async () => {
    storage = await backend.open('users');
    repo = implementationFor<UsersRepository>(storage.db, { sqlite: (db) => new SqliteUsersRepository(db), postgres: (db) => new PostgresUsersRepository(db) });
  });
  afterAll(async () => {
    await storage?.close();
  });

  it('creates one account per Google subject and updates its profile on later sign-ins', async () => {
    const sub = unique('sub');
    const email = `${unique('g')}@example.com`;
    const created = await repo.upsertGoogle(sub, profile(email, 'Boss', 'admin'), 1000);
    expect(created).toMatchObject({
      googleSub: sub,
      email,
      name: 'Boss',
      role: 'admin',
      createdAt: 1000,
      lastSeenAt: 1000,
      pixelsPlaced: 0,
      sessionSeq: 0,
      sessionsValidFrom: 0,
      bannedUntil: null,
    });
    const again = await repo.upsertGoogle(sub, { email, name: 'The Boss', avatarUrl: 'https://x/y.png', role: 'player' }, 2000);
    expect(again).toMatchObject({ id: created.id, name: 'The Boss', avatarUrl: 'https://x/y.png', role: 'player', createdAt: 1000, lastSeenAt: 2000 });
    expect(await repo.findById(created.id)).toEqual(again);
  });

  it('keeps dev accounts apart from Google accounts with the same email', async () => {
    const email = `${unique('d')}@example.com`;
    const google = await repo.upsertGoogle(unique('sub'), profile(email), 1000);
    const dev = await repo.upsertDev(profile(email, 'Dev'), 1000);
    expect(dev.id).not.toBe(google.id);
    expect(dev.googleSub).toBeNull();
    expect((await repo.upsertDev(profile(email, 'Dev 2'), 2000)).id).toBe(dev.id);
  });

  it('parallel first sign-ins of one person create exactly one account and all succeed', async () => {
    const sub = unique('sub');
    const email = `${unique('p')}@dev.local`;
    const before = await repo.count();
    const [google, dev] = await Promise.all([
      Promise.all(Array.from({ length: 12 }, (_, i) => repo.upsertGoogle(sub, profile(`${unique('gp')}@example.com`, `G${i}`), 1000 + i))),
      Promise.all(Array.from({ length: 12 }, (_, i) => repo.upsertDev(profile(email, `D${i}`), 1000 + i))),
    ]);
    expect(new Set(google.map((u) => u.id)).size).toBe(1);
    expect(new Set(dev.map((u) => u.id)).size).toBe(1);
    expect(await repo.count()).toBe(before + 2);
  });

  it('finds by id and by email (lower-cased, most recently seen first)', async () => {
    const email = `${unique('f')}@example.com`;
    const older = await repo.upsertGoogle(unique('sub'), profile(email), 1000);
    const newer = await repo.upsertDev(profile(email), 5000);
    expect((await repo.findByEmail(email.toUpperCase()))?.id).toBe(newer.id);
    await repo.upsertGoogle(older.googleSub!, profile(email), 9000);
    expect((await repo.findByEmail(email))?.id).toBe(older.id);
    expect(await repo.findById(randomUUID())).toBeNull();
    expect(await repo.findByEmail('nobody@nowhere.example')).toBeNull();
  });

  it('hands out increasing session numbers, distinct under parallel calls', async () => {
    const user = await repo.upsertDev(profile(`${unique('s')}@dev.local`), 1000);
    expect(await repo.nextSession(user.id, 2000)).toBe(1);
    const parallel = await Promise.all(Array.from({ length: 20 }, () => repo.nextSession(user.id, 3000)));
    expect([...parallel].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(await repo.findById(user.id)).toMatchObject({ sessionSeq: 21, lastSeenAt: 3000 });
    expect(await repo.nextSession(randomUUID(), 1000)).toBeNull();
  });

  it('ends sessions: the floor is one past the last session handed out', async () => {
    const user = await repo.upsertDev(profile(`${unique('e')}@dev.local`), 1000);
    await repo.nextSession(user.id, 1000);
    await repo.nextSession(user.id, 1000);
    expect(await repo.invalidateSessions(user.id)).toBe(3);
    expect(await repo.sessionFloors()).toContainEqual({ id: user.id, sessionsValidFrom: 3 });
    expect(await repo.nextSession(user.id, 1000)).toBe(3);
    expect(await repo.invalidateSessions(randomUUID())).toBeNull();
  });

  it('bans (timed and permanent), lists active bans, unbans', async () => {
    const a = await repo.upsertDev(profile(`${unique('b')}@dev.local`), 1000);
    const b = await repo.upsertDev(profile(`${unique('b')}@dev.local`), 1000);
    const now = Date.now();
    expect(await repo.setBan(a.id, now + 60_000, 'tg:1')).toBe(true);
    expect(await repo.setBan(b.id, BANNED_FOREVER, 'tg:2')).toBe(true);
    expect(await repo.findById(b.id)).toMatchObject({ bannedUntil: BANNED_FOREVER, bannedBy: 'tg:2' });
    const active = await repo.activeBans(now);
    expect(active).toContainEqual({ id: a.id, bannedUntil: now + 60_000 });
    expect(active).toContainEqual({ id: b.id, bannedUntil: BANNED_FOREVER });
    expect((await repo.activeBans(now + 120_000)).map((x) => x.id)).not.toContain(a.id);
    expect(await repo.setBan(a.id, null, null)).toBe(true);
    expect(await repo.findById(a.id)).toMatchObject({ bannedUntil: null, bannedBy: null });
    expect((await repo.activeBans(now)).map((x) => x.id)).not.toContain(a.id);
    expect(await repo.setBan(randomUUID(), now + 1000, 'tg:1')).toBe(false);
  });

  it('adds pixel counts for many users in one batch; last seen only moves forward', async () => {
    const a = await repo.upsertDev(profile(`${unique('x')}@dev.local`), 5000);
    const b = await repo.upsertDev(profile(`${unique('x')}@dev.local`), 5000);
    await repo.addPixels(
      new Map([
        [a.id, { pixels: 3, lastSeenAt: 9000 }],
        [b.id, { pixels: 1, lastSeenAt: 4000 }],
        [randomUUID(), { pixels: 7, lastSeenAt: 9000 }],
      ]),
    );
    await Promise.all([
      repo.addPixels(
        new Map([
          [a.id, { pixels: 2, lastSeenAt: 8000 }],
          [b.id, { pixels: 2, lastSeenAt: 8000 }],
        ]),
      ),
      repo.addPixels(
        new Map([
          [b.id, { pixels: 5, lastSeenAt: 8500 }],
          [a.id, { pixels: 5, lastSeenAt: 8500 }],
        ]),
      ),
    ]);
    await repo.addPixels(new Map());
    expect(await repo.findById(a.id)).toMatchObject({ pixelsPlaced: 10, lastSeenAt: 9000 });
    expect(await repo.findById(b.id)).toMatchObject({ pixelsPlaced: 8, lastSeenAt: 8500 });
  });

  it('reads epoch-ms columns as numbers', async () => {
    const user = await repo.upsertDev(profile(`${unique('n')}@dev.local`), 1_765_000_000_123);
    await repo.setBan(user.id, BANNED_FOREVER, 'tg:1');
    const read = await repo.findById(user.id);
    expect(read?.createdAt).toBe(1_765_000_000_123);
    expect(typeof read?.bannedUntil).toBe('number');
    expect(typeof (await repo.count())).toBe('number');
  });
  describe('Telegram identity and linking', () => {
    const telegramProfile = (id: string, name: string): UserProfile => ({ email: telegramEmail(id), name, avatarUrl: null, role: 'player' });
    const tgId = () => String(Math.floor(Math.random() * 1e12));

    it('creates one account per Telegram id; later sign-ins update its name while Telegram is its only identity', async () => {
      const id = tgId();
      const created = await repo.upsertTelegram(id, telegramProfile(id, 'Ann'), 1000);
      expect(created).toMatchObject({ telegramId: id, googleSub: null, email: telegramEmail(id), name: 'Ann', role: 'player', createdAt: 1000 });
      const again = await repo.upsertTelegram(id, telegramProfile(id, 'Ann Lee'), 2000);
      expect(again).toMatchObject({ id: created.id, name: 'Ann Lee', lastSeenAt: 2000 });
      expect((await repo.findByTelegramId(id))?.id).toBe(created.id);
      expect(await repo.findByTelegramId(tgId())).toBeNull();
    });

    it('parallel first Telegram sign-ins create exactly one account', async () => {
      const id = tgId();
      const before = await repo.count();
      const users = await Promise.all(Array.from({ length: 12 }, (_, i) => repo.upsertTelegram(id, telegramProfile(id, `T${i}`), 1000 + i)));
      expect(new Set(users.map((u) => u.id)).size).toBe(1);
      expect(await repo.count()).toBe(before + 1);
    });

    it('links Telegram to a Google account; Telegram sign-in then finds it and keeps the Google name and email', async () => {
      const google = await repo.upsertGoogle(unique('sub'), profile(`${unique('l')}@example.com`, 'Gina'), 1000);
      const id = tgId();
      const linked = await repo.linkIdentity(google.id, 'telegram', id, null, 2000);
      expect(linked).toMatchObject({ outcome: 'linked', detachedFrom: null, user: { id: google.id, telegramId: id, googleSub: google.googleSub } });
      expect(await repo.linkIdentity(google.id, 'telegram', id, null, 2500)).toMatchObject({ outcome: 'linked', detachedFrom: null });
      const signedIn = await repo.upsertTelegram(id, telegramProfile(id, 'tg name'), 3000);
      expect(signedIn).toMatchObject({ id: google.id, name: 'Gina', email: google.email });
      expect((await repo.findByGoogleSub(google.googleSub!))?.id).toBe(google.id);
    });

    it('links Google to a Telegram account: Google email, avatar and role come along', async () => {
      const id = tgId();
      const telegram = await repo.upsertTelegram(id, telegramProfile(id, 'Tom'), 1000);
      const sub = unique('sub');
      const email = `${unique('t')}@example.com`;
      const linked = await repo.linkIdentity(telegram.id, 'google', sub, { email, avatarUrl: 'https://x/a.png', role: 'admin' }, 2000);
      expect(linked).toMatchObject({
        outcome: 'linked',
        user: { id: telegram.id, googleSub: sub, telegramId: id, email, avatarUrl: 'https://x/a.png', role: 'admin', name: 'Tom' },
      });
    });

    it('takes an identity from an account without pixels, refuses one whose account has pixels, and one of a kind the account already has', async () => {
      const empty = tgId();
      const emptyAccount = await repo.upsertTelegram(empty, telegramProfile(empty, 'Empty'), 1000);
      const target = await repo.upsertGoogle(unique('sub'), profile(`${unique('k')}@example.com`), 1000);
      const moved = await repo.linkIdentity(target.id, 'telegram', empty, null, 2000);
      expect(moved).toMatchObject({ outcome: 'linked', detachedFrom: emptyAccount.id, user: { telegramId: empty } });
      expect(await repo.findById(emptyAccount.id)).toMatchObject({ telegramId: null, email: detachedEmail(emptyAccount.id) });
      expect((await repo.findByTelegramId(empty))?.id).toBe(target.id);

      const busy = tgId();
      const busyAccount = await repo.upsertTelegram(busy, telegramProfile(busy, 'Busy'), 1000);
      await repo.addPixels(new Map([[busyAccount.id, { pixels: 1, lastSeenAt: 1000 }]]));
      const other = await repo.upsertGoogle(unique('sub'), profile(`${unique('o')}@example.com`), 1000);
      expect(await repo.linkIdentity(other.id, 'telegram', busy, null, 2000)).toEqual({ outcome: 'taken' });
      expect(await repo.linkIdentity(target.id, 'telegram', tgId(), null, 2000)).toEqual({ outcome: 'occupied' });
      expect(await repo.linkIdentity(target.id, 'google', unique('sub'), { email: 'x@example.com', avatarUrl: null, role: 'player' }, 2000)).toEqual({
        outcome: 'occupied',
      });

      const googleOnly = await repo.upsertGoogle(unique('sub'), profile(`${unique('e')}@example.com`), 1000);
      const telegramOnly = await repo.upsertTelegram(busy + '0', telegramProfile(busy + '0', 'T'), 1000);
      const movedGoogle = await repo.linkIdentity(
        telegramOnly.id,
        'google',
        googleOnly.googleSub!,
        { email: googleOnly.email, avatarUrl: null, role: 'player' },
        2000,
      );
      expect(movedGoogle).toMatchObject({ outcome: 'linked', detachedFrom: googleOnly.id, user: { googleSub: googleOnly.googleSub, email: googleOnly.email } });
      expect(await repo.findById(googleOnly.id)).toMatchObject({ googleSub: null, email: detachedEmail(googleOnly.id) });
    });
  });
});
