import { Injectable, OnModuleInit } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AdminCommandContext, AdminCommandError, AdminReply, HtmlReply, MediaReply } from '../admin/admin-command';
import { AdminCommandRegistry } from '../admin/admin-command-registry';
import { adminLabel } from '../admin/admin-label';
import { expectAtMost, parseCount } from '../admin/command-args';
import { CanvasService } from '../canvas/canvas.service';
import { PlacementLogRepository } from '../canvas/placement-log.repository';
import { ConfigurationService } from '../config/configuration.service';
import { PixelHistoryRepository } from '../pixel-history/pixel-history.repository';
import { TemplatesService } from '../templates/templates.service';
import { UsersService } from '../users/users.service';
import { AreaText, BOT_LOCALE, ROLLBACK_TEXTS, TEMPLATES_TEXTS, TOP_TEXTS } from './bot-texts';
import { renderRollbackPreview } from './rollback-preview';
import { RollbackService } from './rollback.service';

/** The longest rollback window the bot takes: 30 days. */
export const MAX_ROLLBACK_MINUTES = 30 * 24 * 60;
const TOP_DEFAULT = 10;
const TOP_MAX = 50;
const TEMPLATES_DEFAULT = 5;
const TEMPLATES_MAX = 20;

/** /rollback, /top and /templates for the admin console (any channel, through the registry). */
@Injectable()
export class ModerationCommands implements OnModuleInit {
  constructor(
    private readonly registry: AdminCommandRegistry,
    private readonly users: UsersService,
    private readonly rollbacks: RollbackService,
    private readonly history: PixelHistoryRepository,
    private readonly canvas: CanvasService,
    private readonly log: PlacementLogRepository,
    private readonly templates: TemplatesService,
    private readonly configuration: ConfigurationService,
  ) {}

  onModuleInit(): void {
    const rollback = ROLLBACK_TEXTS[BOT_LOCALE];
    const top = TOP_TEXTS[BOT_LOCALE];
    const templates = TEMPLATES_TEXTS[BOT_LOCALE];
    this.registry.register({ command: 'rollback', usage: rollback.usage.replace(/^\S+ /, ''), description: rollback.description, handler: (c) => this.rollback(c) });
    this.registry.register({ command: 'top', usage: top.usage.replace(/^\S+ /, ''), description: top.description, handler: (c) => this.top(c) });
    this.registry.register({ command: 'templates', usage: templates.usage.replace(/^\S+ /, ''), description: templates.description, handler: (c) => this.mostFollowed(c) });
  }

  /** Dry run → preview image → confirm button → the rollback, computed afresh when confirmed. */
  private async rollback({ args, send, confirm }: AdminCommandContext): Promise<AdminReply | void> {
    const t = ROLLBACK_TEXTS[BOT_LOCALE];
    if (args.length !== 2 && args.length !== 6) throw new AdminCommandError(t.usage);
    const user = await this.users.findByRef(args[0]);
    if (!user) throw new AdminCommandError(t.noUser(args[0]));
    if (!/^\d{1,6}$/.test(args[1]) || Number(args[1]) < 1 || Number(args[1]) > MAX_ROLLBACK_MINUTES) {
      throw new AdminCommandError(t.badMinutes(args[1], MAX_ROLLBACK_MINUTES));
    }
    const minutes = Number(args[1]);
    const rect = args.length === 6 ? parseRect(args.slice(2), t.badRect) : null;
    const sinceMs = Date.now() - minutes * 60_000;
    const request = { userId: user.id, sinceMs, rect };
    const plan = await this.rollbacks.plan(request);
    if (plan.pixels.length === 0) return t.nothing(user.name, minutes, rect);
    const preview = await renderRollbackPreview(plan.pixels, { width: this.canvas.width, pixels: this.canvas.pixels() }, this.canvas.palette);
    await send(new MediaReply('image', Readable.from([preview.png]), `rollback-${user.id}-v${plan.atVersion}.png`, t.caption(plan.pixels.length, user.name, minutes)));
    await confirm({
      prompt: t.prompt(plan.pixels.length, user.name, minutes, rect),
      confirmLabel: t.confirm(plan.pixels.length),
      run: async (actor) => {
        const result = await this.rollbacks.apply(await this.rollbacks.plan(request), adminLabel(actor));
        return t.done(result.affected, result.fromVersion, result.toVersion);
      },
    });
  }

  private async top({ args }: AdminCommandContext): Promise<AdminReply> {
    const t = TOP_TEXTS[BOT_LOCALE];
    expectAtMost(args, 1, t.usage);
    const limit = parseCount(args[0], TOP_DEFAULT, TOP_MAX);
    const game = this.canvas.game;
    const record = (await this.log.games()).find((g) => g.game === game);
    const placers = await this.history.topPlacers(record?.firstVersion ?? 0, limit);
    if (placers.length === 0) return t.empty(game);
    const lines = [];
    for (const [i, p] of placers.entries()) {
      const name = (await this.users.findById(p.userId))?.name ?? p.userName ?? p.userId;
      lines.push(t.line(i + 1, name, p.pixels));
    }
    return new HtmlReply([t.title(game), ...lines]);
  }

  private async mostFollowed({ args }: AdminCommandContext): Promise<AdminReply> {
    const t = TEMPLATES_TEXTS[BOT_LOCALE];
    expectAtMost(args, 1, t.usage);
    const limit = parseCount(args[0], TEMPLATES_DEFAULT, TEMPLATES_MAX);
    const list = await this.templates.mostFollowed(limit);
    if (list.length === 0) return t.empty;
    const base = this.configuration.config.publicUrl.replace(/\/+$/, '');
    const lines = list.map((entry, i) =>
      t.line(i + 1, {
        name: entry.template.name,
        owner: entry.ownerName,
        percent: entry.progress.percent,
        matching: entry.progress.matching,
        total: entry.progress.total,
        followers: entry.followers,
        url: `${base}/t/${entry.template.id}`,
      }),
    );
    return new HtmlReply([t.title, ...lines]);
  }
}

function parseRect(words: string[], message: string): AreaText {
  if (!words.every((w) => /^\d{1,5}$/.test(w))) throw new AdminCommandError(message);
  const [x, y, width, height] = words.map(Number);
  if (width < 1 || height < 1) throw new AdminCommandError(message);
  return { x, y, width, height };
}
