import { Injectable } from '@nestjs/common';
import { bytesToBase64 } from '@pixel-wars/protocol';
import { randomBytes } from 'node:crypto';
import type { AuthPrincipal } from '../auth/auth-principal';
import { CanvasService } from '../canvas/canvas.service';
import { PlacementLogRepository } from '../canvas/placement-log.repository';
import { ApiError } from '../common/api-error';
import { ConfigurationService } from '../config/configuration.service';
import { PixelHistoryRepository } from '../pixel-history/pixel-history.repository';
import { UsersService } from '../users/users.service';
import { TemplateBody } from './template-body';
import { mismatches, TemplateProgress, templateProgress } from './template-progress';
import { FollowedTemplate, TemplateRecord, TemplatesRepository } from './templates.repository';

export interface TemplateView {
  id: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** base64 of width*height palette indices, 255 = transparent. */
  pixels: string;
  owner: { id: string; name: string };
  createdAt: number;
  progress: TemplateProgress;
}

export interface WrongPixel {
  x: number;
  y: number;
  want: number;
  have: number;
  version: number;
  user: { id: string; name: string } | null;
}

/** Follows remembered per instance, so a viewer's repeated opens do not write again. */
const FOLLOWS_REMEMBERED = 50_000;

/**
 * Shared templates of the current game: stored through the repository, compared with the
 * live bitmap for progress and the grief list (whose authors come from the placement log).
 */
@Injectable()
export class TemplatesService {
  private readonly recentFollows = new Set<string>();

  constructor(
    private readonly templates: TemplatesRepository,
    private readonly canvas: CanvasService,
    private readonly log: PlacementLogRepository,
    private readonly history: PixelHistoryRepository,
    private readonly users: UsersService,
    private readonly configuration: ConfigurationService,
  ) {}

  async create(body: TemplateBody, ownerId: string): Promise<{ id: string; url: string }> {
    const record: TemplateRecord = { id: randomBytes(9).toString('base64url'), game: this.canvas.game, ownerId, ...body, createdAt: Date.now() };
    const limit = this.configuration.config.templates.perUser;
    if (!(await this.templates.create(record, limit))) {
      throw new ApiError(403, 'TEMPLATE_LIMIT', `You already have ${limit} templates in this game; delete one to add another.`);
    }
    return { id: record.id, url: `/t/${record.id}` };
  }

  /** The template with its owner and live progress; a signed-in viewer becomes a follower. */
  async view(id: string, viewerId: string | null): Promise<TemplateView> {
    const template = await this.find(id);
    if (viewerId !== null && viewerId !== template.ownerId) await this.follow(template.id, viewerId);
    return this.toView(template);
  }

  async listOwn(ownerId: string): Promise<TemplateView[]> {
    const templates = await this.templates.listByOwner(ownerId, this.canvas.game);
    return Promise.all(templates.map((t) => this.toView(t)));
  }

  /** The mismatching pixels, most recently overwritten first; never-touched ones (since the last reset) last. */
  async wrong(id: string, limit: number): Promise<WrongPixel[]> {
    const template = await this.find(id);
    const wrong = mismatches(template, this.canvasNow());
    if (wrong.length === 0) return [];
    const reset = await this.log.lastReset();
    const resetVersion = reset?.version ?? 0;
    const changes = await this.history.latestChanges(
      wrong.map((m) => m.key),
      resetVersion,
      limit,
    );
    const byKey = new Map(wrong.map((m) => [m.key, m]));
    const out: WrongPixel[] = [];
    for (const change of changes) {
      const m = byKey.get(change.y * 65536 + change.x)!;
      byKey.delete(m.key);
      out.push({ x: m.x, y: m.y, want: m.want, have: m.have, version: change.version, user: change.userId ? { id: change.userId, name: change.userName ?? '' } : null });
    }
    // Fewer changes than asked for: every changed wrong pixel is above, the rest still shows the reset colour.
    if (changes.length < limit) {
      for (const m of byKey.values()) {
        if (out.length >= limit) break;
        out.push({ x: m.x, y: m.y, want: m.want, have: m.have, version: resetVersion, user: null });
      }
    }
    return out;
  }

  async delete(id: string, by: AuthPrincipal): Promise<void> {
    const template = await this.find(id);
    if (template.ownerId !== by.userId && by.role !== 'admin') throw new ApiError(403, 'FORBIDDEN', 'Only the owner or an admin may delete a template.');
    await this.templates.delete(template.id);
  }

  /** The current game's templates with the most followers, with progress (for the admin console). */
  async mostFollowed(limit: number): Promise<Array<FollowedTemplate & { progress: TemplateProgress; ownerName: string }>> {
    const list = await this.templates.mostFollowed(this.canvas.game, limit);
    const canvas = this.canvasNow();
    const out = [];
    for (const entry of list) {
      const owner = await this.users.findById(entry.template.ownerId);
      out.push({ ...entry, progress: templateProgress(entry.template, canvas), ownerName: owner?.name ?? '' });
    }
    return out;
  }

  private async find(id: string): Promise<TemplateRecord> {
    const template = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await this.templates.find(id, this.canvas.game) : null;
    if (!template) throw new ApiError(404, 'NOT_FOUND', 'No such template in the current game.');
    return template;
  }

  private async follow(templateId: string, userId: string): Promise<void> {
    const key = `${templateId}\n${userId}`;
    if (this.recentFollows.has(key)) return;
    await this.templates.follow(templateId, userId, Date.now());
    if (this.recentFollows.size >= FOLLOWS_REMEMBERED) this.recentFollows.clear();
    this.recentFollows.add(key);
  }

  private async toView(t: TemplateRecord): Promise<TemplateView> {
    const owner = await this.users.findById(t.ownerId);
    return {
      id: t.id,
      name: t.name,
      x: t.x,
      y: t.y,
      width: t.width,
      height: t.height,
      pixels: bytesToBase64(t.pixels),
      owner: { id: t.ownerId, name: owner?.name ?? '' },
      createdAt: t.createdAt,
      progress: templateProgress(t, this.canvasNow()),
    };
  }

  private canvasNow() {
    return { width: this.canvas.width, height: this.canvas.height, pixels: this.canvas.pixels() };
  }
}
