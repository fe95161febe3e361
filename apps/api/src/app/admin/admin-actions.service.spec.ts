import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CanvasService } from '../canvas/canvas.service';
import type { FeedbackRepository } from '../feedback/feedback.repository';
import type { MetricsService } from '../health/metrics.service';
import type { PresenceService } from '../presence/presence.service';
import type { PlayGateway } from '../realtime/play.gateway';
import type { User } from '../users/user';
import type { UsersService } from '../users/users.service';
import { ANNOUNCEMENT_MAX, AdminActionError, AdminActionsService } from './admin-actions.service';
import type { AdminAuditLog } from './admin-audit-log';
import { AdminStatsRegistry } from './admin-stats';

const ann = { id: 'u-ann', email: 'ann@example.com', name: 'Ann' } as User;

/** The collaborators as plain stand-ins (no storage involved): each test sets what it needs. */
function collaborators() {
  const canvas = {
    game: 3,
    version: 41,
    width: 100,
    height: 50,
    paused: false,
    palette: ['#000000', '#ffffff'],
    backgroundColor: 1,
    reset: vi.fn(async () => 42),
    newGame: vi.fn(async (size: { width?: number; height?: number }) => {
      canvas.width = size.width ?? canvas.width;
      canvas.height = size.height ?? canvas.height;
      return { game: 4, version: 43 };
    }),
    setPaused: vi.fn(async (paused: boolean) => {
      canvas.paused = paused;
    }),
    placementsSince: vi.fn(async (since: number) => (Date.now() - since > 120_000 ? 600 : 10)),
  };
  const gateway = { socketCount: vi.fn(() => 7), broadcastNotice: vi.fn(async () => undefined) };
  const users = {
    findByRef: vi.fn(async (ref: string) => (ref === 'ann@example.com' || ref === ann.id ? ann : null)),
    findById: vi.fn(async (id: string) => (id === ann.id ? ann : null)),
    ban: vi.fn(async () => true),
    unban: vi.fn(async () => true),
    isBanned: vi.fn(() => true),
    count: vi.fn(async () => 12),
  };
  const presence = { counts: () => ({ playing: 5, queued: 2, stalled: 1 }) };
  const metrics = { eventLoopDelayP99Ms: () => 4, eventLoopDelayMaxMs: () => 9, tickIntervalMs: () => 50, bytesPerSecond: () => 1000 };
  const feedback = {
    counts: vi.fn(async () => ({ total: 8, pending: 3, recent: 2 })),
    latest: vi.fn(async () => [
      { id: 2, userId: ann.id, message: 'nice' },
      { id: 1, userId: null, message: 'anonymous' },
    ]),
  };
  const audit = { latest: vi.fn(async (limit: number) => Array.from({ length: limit }, (_, i) => ({ id: i }))) };
  const stats = new AdminStatsRegistry();
  const service = new AdminActionsService(
    canvas as unknown as CanvasService,
    gateway as unknown as PlayGateway,
    users as unknown as UsersService,
    presence as unknown as PresenceService,
    metrics as unknown as MetricsService,
    feedback as unknown as FeedbackRepository,
    audit as unknown as AdminAuditLog,
    stats,
  );
  return { service, canvas, gateway, users, feedback, stats };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as Error,
  );

describe('AdminActionsService', () => {
  let c: ReturnType<typeof collaborators>;
  beforeEach(() => {
    c = collaborators();
  });

  it('clears with the chosen colour and names the admin in the log', async () => {
    expect(await c.service.clear(0, 'admin:Ann')).toEqual({ version: 42, color: 0 });
    expect(c.canvas.reset).toHaveBeenCalledWith(0, 'admin:Ann');
  });

  it('starts a new game, keeping the size unless one is given, and reports the size in force', async () => {
    expect(await c.service.newGame(null, 'admin')).toEqual({ game: 4, version: 43, width: 100, height: 50 });
    expect(c.canvas.newGame).toHaveBeenLastCalledWith({}, 'admin');
    expect(await c.service.newGame({ width: 20, height: 10 }, 'admin')).toMatchObject({ width: 20, height: 10 });
  });

  it('pauses and resumes once: a repeated request changes nothing', async () => {
    expect(await c.service.setPaused(true)).toBe(true);
    expect(c.service.paused).toBe(true);
    expect(await c.service.setPaused(true)).toBe(false);
    expect(c.canvas.setPaused).toHaveBeenCalledTimes(1);
    expect(await c.service.setPaused(false)).toBe(true);
  });

  it('bans for a number of minutes or for good, by email or id; an unknown user is an AdminActionError', async () => {
    const before = Date.now();
    const { user, until } = await c.service.ban('ann@example.com', 30, 'admin');
    expect(user).toBe(ann);
    expect(until! - before).toBeGreaterThanOrEqual(30 * 60_000);
    expect(until! - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    expect(c.users.ban).toHaveBeenLastCalledWith(ann.id, until, 'admin');
    expect((await c.service.ban(ann.id, null, 'admin')).until).toBeNull();
    const unknown = await failure(c.service.ban('nobody@example.com', 5, 'admin'));
    expect(unknown).toBeInstanceOf(AdminActionError);
    expect(unknown?.message).toContain('nobody@example.com');
    c.users.ban.mockResolvedValueOnce(false);
    expect(await failure(c.service.ban(ann.id, 5, 'admin'))).toBeInstanceOf(AdminActionError);
  });

  it('unbans and says whether the user was banned', async () => {
    expect(await c.service.unban(ann.id, 'admin')).toEqual({ user: ann, wasBanned: true });
    c.users.isBanned.mockReturnValueOnce(false);
    expect((await c.service.unban(ann.id, 'admin')).wasBanned).toBe(false);
  });

  it('announces trimmed text to every socket, refusing empty and over-long messages', async () => {
    expect(await c.service.announce('  Hello!  ')).toEqual({ sockets: 7 });
    expect(c.gateway.broadcastNotice).toHaveBeenCalledWith('Hello!');
    expect(await failure(c.service.announce('   '))).toBeInstanceOf(AdminActionError);
    expect(await failure(c.service.announce('é'.repeat(ANNOUNCEMENT_MAX + 1)))).toBeInstanceOf(AdminActionError);
    expect(await c.service.announce('🎨'.repeat(ANNOUNCEMENT_MAX))).toEqual({ sockets: 7 });
    expect(c.gateway.broadcastNotice).toHaveBeenCalledTimes(2);
  });

  it('gathers the stats, with the lines other features contribute (a failing one shows as unavailable)', async () => {
    c.stats.register({ name: 'Stream', lines: () => [{ label: 'Stream', value: 'live' }] });
    c.stats.register({
      name: 'Broken',
      lines: () => {
        throw new Error('boom');
      },
    });
    const stats = await c.service.stats();
    expect(stats).toMatchObject({
      game: 3,
      version: 41,
      width: 100,
      height: 50,
      paused: false,
      placementsLastMinute: 10,
      placementsLastHour: 600,
      playing: 5,
      queued: 2,
      stalled: 1,
      sockets: 7,
      users: 12,
      eventLoopDelayP99Ms: 4,
      tickIntervalMs: 50,
      feedback: { total: 8, pending: 3, lastDay: 2 },
      more: [
        { label: 'Stream', value: 'live' },
        { label: 'Broken', value: 'unavailable' },
      ],
    });
    expect(stats.memory.rss).toBeGreaterThan(0);
  });

  it('lists feedback with its author when signed in, and the audit log', async () => {
    const items = await c.service.latestFeedback(2);
    expect(items.map((i) => [i.feedback.id, i.author?.name ?? null])).toEqual([
      [2, 'Ann'],
      [1, null],
    ]);
    expect(await c.service.latestAudit(3)).toHaveLength(3);
  });
});
