import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Locale } from '@pixel-wars/protocol';
import { RefreshFamiliesRepository } from '../auth/refresh-families.repository';
import { SessionEvents } from '../auth/session-events';
import { ConfigurationService } from '../config/configuration.service';
import { BANNED_FOREVER, User, UserProfile } from './user';
import { UsersRepository } from './users.repository';

const PIXEL_COUNT_FLUSH_MS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Accounts, bans and session revocation. Ban state and session floors are mirrored in
 * memory so the per-placement and per-request checks never touch the database.
 */
@Injectable()
export class UsersService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(UsersService.name);
  private readonly bans = new Map<string, number>();
  private readonly sessionFloors = new Map<string, number>();
  private pendingPixels = new Map<string, { pixels: number; lastSeenAt: number }>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly users: UsersRepository,
    private readonly families: RefreshFamiliesRepository,
    private readonly events: SessionEvents,
    private readonly configuration: ConfigurationService,
  ) {}

  onModuleInit(): void {
    for (const ban of this.users.activeBans(Date.now())) this.bans.set(ban.id, ban.bannedUntil);
    for (const floor of this.users.sessionFloors()) this.sessionFloors.set(floor.id, floor.sessionsValidFrom);
  }

  onModuleDestroy(): void {
    this.flushPixelCounts();
  }

  findById(id: string): User | null {
    return this.users.findById(id);
  }

  /** By id (UUID) or by email (case-insensitive); null when neither matches. */
  findByRef(idOrEmail: string): User | null {
    const ref = idOrEmail.trim();
    if (UUID.test(ref)) {
      const byId = this.users.findById(ref.toLowerCase());
      if (byId) return byId;
    }
    return ref.includes('@') ? this.users.findByEmail(ref.toLowerCase()) : null;
  }

  count(): number {
    return this.users.count();
  }

  roleFor(email: string): 'admin' | 'player' {
    return this.configuration.config.auth.adminEmails.includes(email.toLowerCase()) ? 'admin' : 'player';
  }

  upsertGoogleUser(googleSub: string, profile: Omit<UserProfile, 'role'>): User {
    return this.users.upsertGoogle(googleSub, { ...profile, role: this.roleFor(profile.email) }, Date.now());
  }

  upsertDevUser(profile: Omit<UserProfile, 'role'>): User {
    return this.users.upsertDev({ ...profile, role: this.roleFor(profile.email) }, Date.now());
  }

  /** Hands out the next session number of the user (sign-in and every refresh). */
  nextSession(userId: string): number | null {
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
  ban(userId: string, untilMs: number | null, by: string): boolean {
    const until = untilMs ?? BANNED_FOREVER;
    if (!Number.isFinite(until) || until <= Date.now()) throw new RangeError('A ban must end in the future (or be permanent).');
    if (!this.users.setBan(userId, until, by)) return false;
    this.bans.set(userId, until);
    this.families.revokeAllForUser(userId, 'banned', Date.now());
    this.logger.log(`user ${userId} banned ${untilMs === null ? 'permanently' : `until ${new Date(until).toISOString()}`} by ${by}`);
    this.events.eject(userId, 'banned');
    return true;
  }

  /** Remembers the player's interface language; false when the account does not exist. */
  async setLocale(userId: string, locale: Locale): Promise<boolean> {
    return await this.users.setLocale(userId, locale);
  }

  unban(userId: string, by: string): boolean {
    if (!this.users.setBan(userId, null, null)) return false;
    this.bans.delete(userId);
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
  endSessions(userId: string): boolean {
    const floor = this.users.invalidateSessions(userId);
    if (floor === null) return false;
    this.sessionFloors.set(userId, floor);
    this.families.revokeAllForUser(userId, 'sessions-ended', Date.now());
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
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flushPixelCounts(), PIXEL_COUNT_FLUSH_MS);
      this.flushTimer.unref();
    }
  }

  flushPixelCounts(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pendingPixels.size === 0) return;
    const batch = this.pendingPixels;
    this.pendingPixels = new Map();
    try {
      this.users.addPixels(batch);
    } catch (error) {
      this.logger.error(`could not store pixel counts: ${error instanceof Error ? error.message : String(error)}`);
      for (const [id, c] of batch) {
        const pending = this.pendingPixels.get(id);
        this.pendingPixels.set(id, pending ? { pixels: pending.pixels + c.pixels, lastSeenAt: Math.max(pending.lastSeenAt, c.lastSeenAt) } : c);
      }
    }
  }
}
