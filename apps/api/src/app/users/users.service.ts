import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Locale } from '@pixel-wars/protocol';
import { RefreshFamiliesRepository } from './refresh-families.repository';
import { SessionEvents } from './session-events';
import { ClusterBus } from '../cluster/cluster-bus';
import { ConfigurationService } from '../config/configuration.service';
import { BANNED_FOREVER, IdentityKind, LinkOutcome, telegramEmail, User, UserProfile } from './user';
import { UsersRepository } from './users.repository';

declare module '../cluster/cluster-bus' {
  interface ClusterMessages {
    /** The user's ban or session floor changed in the database: reload the in-memory mirrors. */
    'users.changed': { userId: string };
  }
}

const PIXEL_COUNT_FLUSH_MS = 1000;
/** With several instances, the mirrors are also reloaded whole this often (bus messages are at most once). */
const MIRROR_RESYNC_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Accounts, bans and session revocation. Ban state and session floors are mirrored in
 * memory so the per-placement and per-request checks never touch the database. A change
 * made here is broadcast (`users.changed`) and every other instance reloads that user;
 * with several instances a full reload every minute repairs a lost message.
 */
@Injectable()
export class UsersService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(UsersService.name);
  private readonly bans = new Map<string, number>();
  private readonly sessionFloors = new Map<string, number>();
  /** Bumped by every change of the mirrors: a full resync that overlapped one is dropped. */
  private mirrorEpoch = 0;
  /** The latest reload ticket per user: an older reload that finishes late is dropped. */
  private readonly pendingReloads = new Map<string, number>();
  private reloadTickets = 0;
  private pendingPixels = new Map<string, { pixels: number; lastSeenAt: number }>();
  private flushTimer: NodeJS.Timeout | null = null;
  private resyncTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly users: UsersRepository,
    private readonly families: RefreshFamiliesRepository,
    private readonly events: SessionEvents,
    private readonly configuration: ConfigurationService,
    private readonly bus: ClusterBus,
  ) {
    bus.on('users.changed', ({ userId }, from) => {
      if (from !== bus.instanceId) void this.reloadUser(userId);
    });
  }

  async onModuleInit(): Promise<void> {
    await this.loadMirrors();
    if (this.configuration.config.redis && !this.resyncTimer) {
      this.resyncTimer = setInterval(() => void this.resyncMirrors(), MIRROR_RESYNC_MS);
      this.resyncTimer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.resyncTimer = null;
    await this.flushPixelCounts();
  }

  findById(id: string): Promise<User | null> {
    return this.users.findById(id);
  }

  /** By id (UUID) or by email (case-insensitive); null when neither matches. */
  async findByRef(idOrEmail: string): Promise<User | null> {
    const ref = idOrEmail.trim();
    if (UUID.test(ref)) {
      const byId = await this.users.findById(ref.toLowerCase());
      if (byId) return byId;
    }
    return ref.includes('@') ? this.users.findByEmail(ref.toLowerCase()) : null;
  }

  count(): Promise<number> {
    return this.users.count();
  }

  roleFor(email: string): 'admin' | 'player' {
    return this.configuration.config.auth.adminEmails.includes(email.toLowerCase()) ? 'admin' : 'player';
  }

  upsertGoogleUser(googleSub: string, profile: Omit<UserProfile, 'role'>): Promise<User> {
    return this.users.upsertGoogle(googleSub, { ...profile, role: this.roleFor(profile.email) }, Date.now());
  }

  upsertDevUser(profile: Omit<UserProfile, 'role'>): Promise<User> {
    return this.users.upsertDev({ ...profile, role: this.roleFor(profile.email) }, Date.now());
  }

  /** Telegram accounts are players: the email is synthetic, so ADMIN_EMAILS cannot name them. */
  upsertTelegramUser(telegramId: string, profile: { name: string; avatarUrl: string | null }): Promise<User> {
    return this.users.upsertTelegram(telegramId, { ...profile, email: telegramEmail(telegramId), role: 'player' }, Date.now());
  }

  /**
   * Links a Google subject or Telegram id to the account (see UsersRepository.linkIdentity);
   * an account that lost its identity to the link is signed out everywhere.
   */
  async linkIdentity(userId: string, kind: IdentityKind, key: string, google: Omit<UserProfile, 'role' | 'name'> | null): Promise<LinkOutcome> {
    const outcome = await this.users.linkIdentity(userId, kind, key, google ? { ...google, role: this.roleFor(google.email) } : null, Date.now());
    if (outcome.outcome === 'linked' && outcome.detachedFrom) await this.endSessions(outcome.detachedFrom);
    return outcome;
  }

  /** Hands out the next session number of the user (sign-in and every refresh). */
  nextSession(userId: string): Promise<number | null> {
    return this.users.nextSession(userId, Date.now());
  }

  /** False for access tokens issued before the user's sessions were ended. */
  isSessionValid(userId: string, sessionNumber: number): boolean {
    const floor = this.sessionFloors.get(userId);
    return floor === undefined || sessionNumber >= floor;
  }

  /**
   * Bans until `untilMs` (epoch ms) or forever (null): revokes every refresh family and
   * drops the user from play. Access tokens stay valid so the client learns why (403 BANNED).
   */
  async ban(userId: string, untilMs: number | null, by: string): Promise<boolean> {
    const until = untilMs ?? BANNED_FOREVER;
    if (!Number.isFinite(until) || until <= Date.now()) throw new RangeError('A ban must end in the future (or be permanent).');
    if (!(await this.users.setBan(userId, until, by))) return false;
    this.changedHere(userId);
    this.bans.set(userId, until);
    await this.announce(userId);
    await this.families.revokeAllForUser(userId, 'banned', Date.now());
    this.logger.log(`user ${userId} banned ${untilMs === null ? 'permanently' : `until ${new Date(until).toISOString()}`} by ${by}`);
    this.events.eject(userId, 'banned');
    return true;
  }

  /** Remembers the player's interface language; false when the account does not exist. */
  async setLocale(userId: string, locale: Locale): Promise<boolean> {
    return await this.users.setLocale(userId, locale);
  }

  async unban(userId: string, by: string): Promise<boolean> {
    if (!(await this.users.setBan(userId, null, null))) return false;
    this.changedHere(userId);
    this.bans.delete(userId);
    await this.announce(userId);
    this.logger.log(`user ${userId} unbanned by ${by}`);
    return true;
  }

  isBanned(userId: string): boolean {
    return this.bannedUntil(userId) !== null;
  }

  /** End of the current ban in epoch ms (BANNED_FOREVER when permanent), or null. */
  bannedUntil(userId: string): number | null {
    const until = this.bans.get(userId);
    if (until === undefined) return null;
    if (until <= Date.now()) {
      this.bans.delete(userId);
      return null;
    }
    return until;
  }

  /** Signs the user out everywhere: revokes every refresh family, kills access tokens, closes sockets. */
  async endSessions(userId: string): Promise<boolean> {
    const floor = await this.users.invalidateSessions(userId);
    if (floor === null) return false;
    this.changedHere(userId);
    this.sessionFloors.set(userId, floor);
    await this.announce(userId);
    await this.families.revokeAllForUser(userId, 'sessions-ended', Date.now());
    this.events.eject(userId, 'sessions-ended');
    return true;
  }

  /** Counts an accepted pixel; written to the database in batches (at most one second later). */
  notePixelPlaced(userId: string, at: number): void {
    const entry = this.pendingPixels.get(userId);
    if (entry) {
      entry.pixels += 1;
      entry.lastSeenAt = Math.max(entry.lastSeenAt, at);
    } else {
      this.pendingPixels.set(userId, { pixels: 1, lastSeenAt: at });
    }
    this.scheduleFlush();
  }

  /** An undone placement no longer counts (a negative delta in the next batch). */
  notePixelUndone(userId: string, at: number): void {
    const entry = this.pendingPixels.get(userId);
    if (entry) entry.pixels -= 1;
    else this.pendingPixels.set(userId, { pixels: -1, lastSeenAt: at });
    this.scheduleFlush();
  }

  /** Writes the counted pixels in one batch; a failed batch is kept and retried a second later. */
  async flushPixelCounts(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pendingPixels.size === 0) return;
    const batch = this.pendingPixels;
    this.pendingPixels = new Map();
    try {
      await this.users.addPixels(batch);
    } catch (error) {
      this.logger.error(`could not store pixel counts: ${error instanceof Error ? error.message : String(error)}`);
      for (const [id, c] of batch) {
        const pending = this.pendingPixels.get(id);
        this.pendingPixels.set(id, pending ? { pixels: pending.pixels + c.pixels, lastSeenAt: Math.max(pending.lastSeenAt, c.lastSeenAt) } : c);
      }
      this.scheduleFlush();
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => void this.flushPixelCounts(), PIXEL_COUNT_FLUSH_MS);
    this.flushTimer.unref();
  }

  /** Tells the other instances to reload this user; a lost message is repaired by the periodic resync. */
  private async announce(userId: string): Promise<void> {
    try {
      await this.bus.broadcast('users.changed', { userId });
    } catch (error) {
      this.logger.warn(`users.changed for ${userId} not sent: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Reloads one user's ban and session floor (another instance changed them). */
  private async reloadUser(userId: string): Promise<void> {
    const ticket = ++this.reloadTickets;
    this.pendingReloads.set(userId, ticket);
    let user: User | null;
    try {
      user = await this.users.findById(userId);
    } catch (error) {
      if (this.pendingReloads.get(userId) === ticket) this.pendingReloads.delete(userId);
      this.logger.warn(`could not reload user ${userId}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    // a later reload (or a change made here) superseded this read: it saw older data
    if (this.pendingReloads.get(userId) !== ticket) return;
    this.pendingReloads.delete(userId);
    this.mirrorEpoch++;
    if (user?.bannedUntil != null && user.bannedUntil > Date.now()) this.bans.set(userId, user.bannedUntil);
    else this.bans.delete(userId);
    if (user && user.sessionsValidFrom > 0) this.sessionFloors.set(userId, user.sessionsValidFrom);
    else this.sessionFloors.delete(userId);
  }

  /** A change made on this instance: bump the epoch and drop any reload of this user still in flight. */
  private changedHere(userId: string): void {
    this.mirrorEpoch++;
    this.pendingReloads.delete(userId);
  }

  private async loadMirrors(): Promise<void> {
    const [bans, floors] = await Promise.all([this.users.activeBans(Date.now()), this.users.sessionFloors()]);
    this.mirrorEpoch++;
    for (const ban of bans) this.bans.set(ban.id, ban.bannedUntil);
    for (const floor of floors) this.sessionFloors.set(floor.id, floor.sessionsValidFrom);
  }

  /** Replaces both mirrors with the database's view, unless something changed them while it was read (timer, tests). */
  async resyncMirrors(): Promise<void> {
    const epoch = this.mirrorEpoch;
    try {
      const [bans, floors] = await Promise.all([this.users.activeBans(Date.now()), this.users.sessionFloors()]);
      if (this.mirrorEpoch !== epoch) return;
      this.bans.clear();
      for (const ban of bans) this.bans.set(ban.id, ban.bannedUntil);
      this.sessionFloors.clear();
      for (const floor of floors) this.sessionFloors.set(floor.id, floor.sessionsValidFrom);
    } catch (error) {
      this.logger.warn(`could not resync bans and session floors: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
