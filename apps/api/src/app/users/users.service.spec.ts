import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthFixture, createAuthFixture } from '../auth/testing/auth-fixture';
import { BANNED_FOREVER } from './user';

describe('UsersService', () => {
  let f: AuthFixture;

  beforeEach(() => {
    f = createAuthFixture({ ADMIN_EMAILS: 'Boss@Example.com' });
  });
  afterEach(() => f.close());

  it('creates users once per Google subject and per dev email; admin role from ADMIN_EMAILS', () => {
    const a = f.users.upsertGoogleUser('sub-1', { email: 'boss@example.com', name: 'Boss', avatarUrl: null });
    const again = f.users.upsertGoogleUser('sub-1', { email: 'boss@example.com', name: 'The Boss', avatarUrl: 'https://x/y.png' });
    expect(again.id).toBe(a.id);
    expect(again).toMatchObject({ role: 'admin', name: 'The Boss', avatarUrl: 'https://x/y.png', googleSub: 'sub-1' });
    const dev = f.users.upsertDevUser({ email: 'boss@example.com', name: 'Dev', avatarUrl: null });
    expect(dev.id).not.toBe(a.id);
    expect(f.users.upsertDevUser({ email: 'ann@dev.local', name: 'Ann', avatarUrl: null }).role).toBe('player');
    expect(f.users.count()).toBe(3);
  });

  it('finds users by id or email', () => {
    const u = f.users.upsertDevUser({ email: 'ann@dev.local', name: 'Ann', avatarUrl: null });
    expect(f.users.findByRef(u.id)?.id).toBe(u.id);
    expect(f.users.findByRef('ANN@dev.local')?.id).toBe(u.id);
    expect(f.users.findByRef('nobody@dev.local')).toBeNull();
    expect(f.users.findByRef('not-an-id')).toBeNull();
  });

  it('bans (timed and permanent), unbans, survives a reload, and ejects from play', async () => {
    const ejected: string[] = [];
    f.events.onEject((id, reason) => ejected.push(`${id}:${reason}`));
    const u = f.users.upsertDevUser({ email: 'ann@dev.local', name: 'Ann', avatarUrl: null });
    const family = f.refresh.issue(u.id);
    expect(f.users.ban(u.id, Date.now() + 60_000, 'tg:1')).toBe(true);
    expect(f.users.isBanned(u.id)).toBe(true);
    expect(ejected).toEqual([`${u.id}:banned`]);
    expect(await f.refresh.rotate(family.token)).toEqual({ ok: false, reason: 'revoked' });
    expect(f.users.unban(u.id, 'tg:1')).toBe(true);
    expect(f.users.isBanned(u.id)).toBe(false);
    f.users.ban(u.id, null, 'tg:1');
    expect(f.users.bannedUntil(u.id)).toBe(BANNED_FOREVER);
    f.users.onModuleInit();
    expect(f.users.isBanned(u.id)).toBe(true);
    expect(f.users.ban('missing', null, 'tg:1')).toBe(false);
    expect(() => f.users.ban(u.id, Date.now() - 1, 'tg:1')).toThrow(RangeError);
  });

  it('a timed ban ends by itself', () => {
    vi.useFakeTimers({ now: Date.now() });
    try {
      const u = f.users.upsertDevUser({ email: 'ann@dev.local', name: 'Ann', avatarUrl: null });
      f.users.ban(u.id, Date.now() + 1000, 'tg:1');
      vi.advanceTimersByTime(1001);
      expect(f.users.isBanned(u.id)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts placed pixels in batches', () => {
    const u = f.users.upsertDevUser({ email: 'ann@dev.local', name: 'Ann', avatarUrl: null });
    for (let i = 0; i < 5; i++) f.users.notePixelPlaced(u.id, Date.now());
    expect(f.users.findById(u.id)?.pixelsPlaced).toBe(0);
    f.users.flushPixelCounts();
    expect(f.users.findById(u.id)?.pixelsPlaced).toBe(5);
  });
});
