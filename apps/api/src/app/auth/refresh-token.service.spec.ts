import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthFixture, createAuthFixture } from './testing/auth-fixture';

describe('RefreshTokenService', () => {
  let f: AuthFixture;
  let userId: string;

  beforeEach(async () => {
    f = await createAuthFixture({ REFRESH_TOKEN_TTL_SEC: '3600' });
    userId = (await f.users.upsertDevUser({ email: 'ada@dev.local', name: 'Ada', avatarUrl: null })).id;
  });
  afterEach(() => f.close());

  it('issues ≥256-bit random tokens and stores only their SHA-256', async () => {
    const issued = await f.refresh.issue(userId);
    const [familyId, secret] = issued.token.split('.');
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(Buffer.from(familyId, 'base64url')).toHaveLength(16);
    const row = f.database.db.prepare('SELECT * FROM refresh_families WHERE id = ?').get(familyId) as Record<string, unknown>;
    expect(row['current_hash']).toBe(createHash('sha256').update(issued.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect((await f.refresh.issue(userId)).token).not.toBe(issued.token);
  });

  it('rotates: the new token works, the old one is a reuse that revokes the family', async () => {
    const first = await f.refresh.issue(userId);
    const second = await f.refresh.rotate(first.token);
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    const third = await f.refresh.rotate(second.next.token);
    expect(third.ok).toBe(true);
    expect(await f.refresh.rotate(first.token)).toEqual({ ok: false, reason: 'reused' });
    if (third.ok) expect(await f.refresh.rotate(third.next.token)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('compare-and-set: of two rotations with the same token exactly one wins', async () => {
    const first = await f.refresh.issue(userId);
    const outcomes = await Promise.all([f.refresh.rotate(first.token), f.refresh.rotate(first.token)]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const familyId = first.familyId;
    // the repository-level CAS itself refuses a stale expected hash
    const hash = createHash('sha256').update(first.token).digest('hex');
    expect(await f.families.rotate(familyId, hash, 'x'.repeat(64), Date.now())).toBe(false);
  });

  it('the family keeps its absolute end through rotations', async () => {
    const start = Date.now();
    const first = await f.refresh.issue(userId, start);
    const rotated = await f.refresh.rotate(first.token, start + 1_000_000);
    expect(rotated.ok && rotated.next.expiresAt).toBe(first.expiresAt);
    if (!rotated.ok) return;
    expect(await f.refresh.rotate(rotated.next.token, first.expiresAt + 1)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses malformed and unknown tokens without touching any family', async () => {
    expect(await f.refresh.rotate('garbage')).toEqual({ ok: false, reason: 'malformed' });
    expect(await f.refresh.rotate(`${'A'.repeat(22)}.${'B'.repeat(43)}`)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('a never-issued secret with a known family id is invalid and revokes nothing (refresh and logout)', async () => {
    const first = await f.refresh.issue(userId);
    const forged = `${first.familyId}.${'A'.repeat(43)}`;
    expect(await f.refresh.rotate(forged)).toEqual({ ok: false, reason: 'unknown' });
    expect(await f.refresh.revoke(forged)).toBe(false);
    expect((await f.families.find(first.familyId))?.revokedAt).toBeNull();
    // the victim's token still works, and after a rotation a forged secret still changes nothing
    const second = await f.refresh.rotate(first.token);
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(await f.refresh.rotate(`${first.familyId}.${'B'.repeat(43)}`)).toEqual({ ok: false, reason: 'unknown' });
    expect((await f.refresh.rotate(second.next.token)).ok).toBe(true);
  });

  it('remembers every rotated token of a family: any of them coming back is a reuse', async () => {
    const tokens = [(await f.refresh.issue(userId)).token];
    for (let i = 0; i < 3; i++) {
      const outcome = await f.refresh.rotate(tokens[tokens.length - 1]);
      if (!outcome.ok) throw new Error(`rotation ${i} failed: ${outcome.reason}`);
      tokens.push(outcome.next.token);
    }
    expect(await f.refresh.rotate(tokens[1])).toEqual({ ok: false, reason: 'reused' });
    expect(await f.refresh.rotate(tokens[3])).toEqual({ ok: false, reason: 'revoked' });
  });

  it('logout with a rotated (issued) token still ends the sign-in', async () => {
    const first = await f.refresh.issue(userId);
    const second = await f.refresh.rotate(first.token);
    if (!second.ok) throw new Error('rotation failed');
    expect(await f.refresh.revoke(first.token)).toBe(true);
    expect(await f.refresh.rotate(second.next.token)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('never logs the family id', async () => {
    const warnings: string[] = [];
    const spy = vi.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    try {
      const first = await f.refresh.issue(userId);
      await f.refresh.rotate(first.token);
      await f.refresh.rotate(first.token); // reuse: logged
      expect(warnings.length).toBeGreaterThan(0);
      for (const line of warnings) expect(line).not.toContain(first.familyId);
    } finally {
      spy.mockRestore();
    }
  });

  it('logout and "end sessions" revoke families', async () => {
    const a = await f.refresh.issue(userId);
    await f.refresh.revoke(a.token);
    expect(await f.refresh.rotate(a.token)).toEqual({ ok: false, reason: 'revoked' });
    const b = await f.refresh.issue(userId);
    const c = await f.refresh.issue(userId);
    await f.users.endSessions(userId);
    expect(await f.refresh.rotate(b.token)).toEqual({ ok: false, reason: 'revoked' });
    expect(await f.refresh.rotate(c.token)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('purges families that ended over a day ago', async () => {
    const old = await f.refresh.issue(userId, Date.now() - 3 * 86_400_000);
    const live = await f.refresh.issue(userId);
    expect(await f.refresh.purge()).toBe(1);
    expect(await f.families.find(old.familyId)).toBeNull();
    expect(await f.families.find(live.familyId)).not.toBeNull();
  });
});
