import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthFixture, createAuthFixture } from '../auth/testing/auth-fixture';
import { BANNED_FOREVER } from './user';

describe('UsersService', () => {
  let f: AuthFixture;

  beforeEach(async () => {
    f = await createAuthFixture({ ADMIN_EMAILS: 'Boss@Example.com' });
  });
  afterEach(() => f.close());

  it('creates users once per Google subject and per dev email; admin role from ADMIN_EMAILS', async () => {
    const a = await f.users.upsertGoogleUser('sub-1', { email: 'boss@example.com', name: 'Boss', avatarUrl: null });
    const again = await f.users.upsertGoogleUser('sub-1', { email: 'boss@example.com', name: 'The Boss', avatarUrl: 'https://x/y.png' });
    expect(again.id).toBe(a.id);
    expect(again).toMatchObject({ role: 'admin', name: 'The Boss', avatarUrl: 'https://x/y.png', googleSub: 'sub-1' });
    const dev = await f.users.upsertDevUser({ email: 'boss@example.com', name: 'Dev', avatarUrl: null });
    expect(dev.id).not.toBe(a.id);
    expect((await f.users.upsertDevUser({ email: 'ann@dev.local', name: 'Ann', avatarUrl: null })).role).toBe('player');
    expect(await f.users.count()).toBe(3);
  });

  it('finds users by id or email', async () => {
    const u = await f.users.upsertDevUser({ email: 'ann@dev.local', name: 'Ann', avatarUrl: null });
    expect((await f.users.findByRef(u.id))?.id).toBe(u.id);
    expect((await f.users.findByRef('ANN@dev.local'))?.id).toBe(u.id);
    expect(await f.users.findByRef('nobody@dev.local')).toBeNull();
    expect(await f.users.findByRef('not-an-id')).toBeNull();
  });

  it('bans (timed and permanent), unbans, survives a reload, and ejects from play', async () => {
    const ejected: string[] = [];
    f.events.onEject((id, reason) => ejected.push(`${id}:${reason}`));
    const u = await f.users.upsertDevUser({ email: 'ann@dev.local', name: 'Ann', avatarUrl: null });
    const family = await f.refresh.issue(u.id);
    expect(await f.users.ban(u.id, Date.now() + 60_000, 'tg:1')).toBe(true);
    expect(f.users.isBanned(u.id)).toBe(true);
    expect(ejected).toEqual([`${u.id}:banned`]);
    expect(await f.refresh.rotate(family.token)).toEqual({ ok: false, reason: 'revoked' });
    expect(await f.users.unban(u.id, 'tg:1')).toBe(true);
    expect(f.users.isBanned(u.id)).toBe(false);
    await f.users.ban(u.id, null, 'tg:1');
    expect(f.users.bannedUntil(u.id)).toBe(BANNED_FOREVER);
    await f.users.onModuleInit();
    expect(f.users.isBanned(u.id)).toBe(true);
    expect(await f.users.ban('missing', null, 'tg:1')).toBe(false);
    await expect(f.users.ban(u.id, Date.now() - 1, 'tg:1')).rejects.toThrow(RangeError);
  });

  it('a timed ban ends by itself', async () => {
    vi.useFakeTimers({ now: Date.now() });
    try {
      const u = await f.users.upsertDevUser({ email: 'ann@dev.local', name: 'Ann', avatarUrl: null });
      await f.users.ban(u.id, Date.now() + 1000, 'tg:1');
      vi.advanceTimersByTime(1001);
      expect(f.users.isBanned(u.id)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts placed pixels in batches', async () => {
    const u = await f.users.upsertDevUser({ email: 'ann@dev.local', name: 'Ann', avatarUrl: null });
    for (let i = 0; i < 5; i++) f.users.notePixelPlaced(u.id, Date.now());
    expect((await f.users.findById(u.id))?.pixelsPlaced).toBe(0);
    await f.users.flushPixelCounts();
    expect((await f.users.findById(u.id))?.pixelsPlaced).toBe(5);
  });
});
