import { Injectable } from '@nestjs/common';
import type { Locale } from '@pixel-wars/protocol';
import { CanvasService } from '../canvas/canvas.service';
import { FeedbackRecord, FeedbackRepository } from '../feedback/feedback.repository';
import { MetricsService } from '../health/metrics.service';
import { PresenceService } from '../presence/presence.service';
import { PlayGateway } from '../realtime/play.gateway';
import { User } from '../users/user';
import { UsersService } from '../users/users.service';
import { AdminAuditLog, AuditRecord } from './admin-audit-log';
import { AdminStatsLine, AdminStatsRegistry } from './admin-stats';
import { BotText } from './i18n/bot-catalogue';
import { LocalizedError } from './i18n/localized-error';

export const ANNOUNCEMENT_MAX = 500;

/** Thrown for an admin request that cannot be carried out as asked (unknown user, …). */
export class AdminActionError extends LocalizedError {
  constructor(text: string | BotText) {
    super(text);
    this.name = 'AdminActionError';
  }
}

export interface ServerStats {
  game: number;
  version: number;
  width: number;
  height: number;
  paused: boolean;
  placementsLastMinute: number;
  placementsLastHour: number;
  playing: number;
  queued: number;
  stalled: number;
  sockets: number;
  users: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  tickIntervalMs: number;
  realtimeBytesPerSecond: number;
  memory: { rss: number; heapUsed: number; heapTotal: number };
  feedback: { total: number; pending: number; lastDay: number };
  uptimeSeconds: number;
  /** Lines contributed by other features (the live stream's state). */
  more: AdminStatsLine[];
}

export interface FeedbackWithAuthor {
  feedback: FeedbackRecord;
  author: User | null;
}

/**
 * What an admin can do and see, whatever the channel (the Telegram bot today). `by` names
 * the admin in the canvas log and the users table; auditing is the caller's job.
 */
@Injectable()
export class AdminActionsService {
  constructor(
    private readonly canvas: CanvasService,
    private readonly gateway: PlayGateway,
    private readonly users: UsersService,
    private readonly presence: PresenceService,
    private readonly metrics: MetricsService,
    private readonly feedback: FeedbackRepository,
    private readonly audit: AdminAuditLog,
    private readonly moreStats: AdminStatsRegistry,
  ) {}

  get palette(): readonly string[] {
    return this.canvas.palette;
  }

  get backgroundColor(): number {
    return this.canvas.backgroundColor;
  }

  get canvasSize(): { width: number; height: number } {
    return { width: this.canvas.width, height: this.canvas.height };
  }

  /** Appends a reset record (every socket gets it in the next `pixels` batch); returns its version. */
  async clear(color: number, by: string): Promise<{ version: number; color: number }> {
    const version = await this.canvas.reset(color, by);
    return { version, color };
  }

  /** Archives the current canvas (before-reset listeners), then starts a fresh one. */
  async newGame(size: { width: number; height: number } | null, by: string): Promise<{ game: number; version: number; width: number; height: number }> {
    const result = await this.canvas.newGame(size ?? {}, by);
    return { ...result, width: this.canvas.width, height: this.canvas.height };
  }

  /** Freezes or unfreezes placements (403 PAUSED meanwhile); false when already in that state. */
  async setPaused(paused: boolean): Promise<boolean> {
    if (this.canvas.paused === paused) return false;
    await this.canvas.setPaused(paused);
    return true;
  }

  get paused(): boolean {
    return this.canvas.paused;
  }

  /** Bans by email or id for `minutes` (null: permanently); revokes sessions, drops from play. */
  async ban(ref: string, minutes: number | null, by: string): Promise<{ user: User; until: number | null }> {
    const user = await this.findUser(ref);
    const until = minutes === null ? null : Date.now() + minutes * 60_000;
    if (!(await this.users.ban(user.id, until, by))) throw new AdminActionError(new BotText('action.banLost', { ref }));
    return { user, until };
  }

  /** Lifts a ban; `wasBanned` false when the user was not banned. */
  async unban(ref: string, by: string): Promise<{ user: User; wasBanned: boolean }> {
    const user = await this.findUser(ref);
    const wasBanned = this.users.isBanned(user.id);
    if (!(await this.users.unban(user.id, by))) throw new AdminActionError(new BotText('action.unbanLost', { ref }));
    return { user, wasBanned };
  }

  /** Sends a `notice` to every connected socket; returns how many were connected. */
  async announce(message: string): Promise<{ sockets: number }> {
    const text = message.trim();
    if (text.length === 0) throw new AdminActionError(new BotText('action.announceEmpty'));
    if ([...text].length > ANNOUNCEMENT_MAX) throw new AdminActionError(new BotText('action.announceTooLong', { max: ANNOUNCEMENT_MAX }));
    const sockets = this.gateway.socketCount();
    await this.gateway.broadcastNotice(text);
    return { sockets };
  }

  /** `locale`: the language of the features' extra lines (`more`). */
  async stats(locale: Locale = 'en'): Promise<ServerStats> {
    const now = Date.now();
    const [feedback, users] = await Promise.all([this.feedback.counts(now - 86_400_000), this.users.count()]);
    const presence = this.presence.counts();
    const memory = process.memoryUsage();
    return {
      game: this.canvas.game,
      version: this.canvas.version,
      width: this.canvas.width,
      height: this.canvas.height,
      paused: this.canvas.paused,
      placementsLastMinute: await this.canvas.placementsSince(now - 60_000),
      placementsLastHour: await this.canvas.placementsSince(now - 3_600_000),
      playing: presence.playing,
      queued: presence.queued,
      stalled: presence.stalled,
      sockets: this.gateway.socketCount(),
      users,
      eventLoopDelayP99Ms: this.metrics.eventLoopDelayP99Ms(),
      eventLoopDelayMaxMs: this.metrics.eventLoopDelayMaxMs(),
      tickIntervalMs: this.metrics.tickIntervalMs(),
      realtimeBytesPerSecond: this.metrics.bytesPerSecond(),
      memory: { rss: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal },
      feedback: { total: feedback.total, pending: feedback.pending, lastDay: feedback.recent },
      uptimeSeconds: Math.round(process.uptime()),
      more: await this.moreStats.collect(locale),
    };
  }

  /** The latest feedback, newest first, each with its author when signed in. */
  async latestFeedback(limit: number): Promise<FeedbackWithAuthor[]> {
    const items = await this.feedback.latest(limit);
    const result: FeedbackWithAuthor[] = [];
    for (const feedback of items) result.push({ feedback, author: feedback.userId ? await this.users.findById(feedback.userId) : null });
    return result;
  }

  /** The latest admin actions, newest first. */
  latestAudit(limit: number): Promise<AuditRecord[]> {
    return this.audit.latest(limit);
  }

  private async findUser(ref: string): Promise<User> {
    const user = await this.users.findByRef(ref);
    if (!user) throw new AdminActionError(new BotText('action.noUser', { ref }));
    return user;
  }
}
