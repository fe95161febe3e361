import { Injectable, OnModuleInit } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AdminCommandContext, AdminCommandError, AdminReply, HtmlReply, MediaReply } from '../admin/admin-command';
import { escapeHtml } from '../admin/admin-format';
import { AdminCommandRegistry } from '../admin/admin-command-registry';
import { adminLabel } from '../admin/admin-label';
import { expectAtMost, parseCount } from '../admin/command-args';
import { BotText, botText } from '../admin/i18n/bot-catalogue';
import { CanvasService } from '../canvas/canvas.service';
import { PlacementLogRepository } from '../canvas/placement-log.repository';
import { ConfigurationService } from '../config/configuration.service';
import { PixelHistoryRepository } from '../pixel-history/pixel-history.repository';
import { TemplatesService } from '../templates/templates.service';
import { UsersService } from '../users/users.service';
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

  /** Descriptions and usages come from the bot catalogue (command.rollback.*, command.top.*, command.templates.*). */
  onModuleInit(): void {
    this.registry.register({ command: 'rollback', handler: (c) => this.rollback(c) });
    this.registry.register({ command: 'top', handler: (c) => this.top(c) });
    this.registry.register({ command: 'templates', handler: (c) => this.mostFollowed(c) });
  }

  /** Dry run → preview image → confirm button → the rollback, computed afresh when confirmed. */
  private async rollback({ args, t, usage, send, confirm }: AdminCommandContext): Promise<AdminReply | void> {
    if (args.length !== 2 && args.length !== 6) throw new AdminCommandError(new BotText('args.usage', { usage }));
    const user = await this.users.findByRef(args[0]);
    if (!user) throw new AdminCommandError(new BotText('action.noUser', { ref: args[0] }));
    if (!/^\d{1,6}$/.test(args[1]) || Number(args[1]) < 1 || Number(args[1]) > MAX_ROLLBACK_MINUTES) {
      throw new AdminCommandError(new BotText('rollback.badMinutes', { value: args[1], max: MAX_ROLLBACK_MINUTES }));
    }
    const minutes = Number(args[1]);
    const rect = args.length === 6 ? parseRect(args.slice(2)) : null;
    const area = rect ? t('rollback.area', { ...rect }) : t('rollback.wholeCanvas');
    const sinceMs = Date.now() - minutes * 60_000;
    const request = { userId: user.id, sinceMs, rect };
    const plan = await this.rollbacks.plan(request);
    if (plan.pixels.length === 0) return t('rollback.nothing', { area, user: user.name, minutes });
    const count = plan.pixels.length;
    const preview = await renderRollbackPreview(plan.pixels, { width: this.canvas.width, pixels: this.canvas.pixels() }, this.canvas.palette);
    await send(
      new MediaReply(
        'image',
        Readable.from([preview.png]),
        `rollback-${user.id}-v${plan.atVersion}.png`,
        t('rollback.caption', { count, user: user.name, minutes }),
      ),
    );
    await confirm({
      prompt: t('rollback.prompt', { count, user: escapeHtml(user.name), minutes, area }),
      confirmLabel: t('rollback.confirm', { count }),
      run: async (actor) => {
        const result = await this.rollbacks.apply(await this.rollbacks.plan(request), adminLabel(actor));
        if (result.affected === 0) return botText(actor.locale, 'rollback.none');
        return botText(actor.locale, 'rollback.done', { count: result.affected, from: result.fromVersion, to: result.toVersion });
      },
    });
  }

  private async top({ args, t, usage }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 1, usage);
    const limit = parseCount(args[0], TOP_DEFAULT, TOP_MAX);
    const game = this.canvas.game;
    const record = (await this.log.games()).find((g) => g.game === game);
    const placers = await this.history.topPlacers(record?.firstVersion ?? 0, limit);
    if (placers.length === 0) return t('top.empty', { game });
    const lines = [];
    for (const [i, p] of placers.entries()) {
      const name = (await this.users.findById(p.userId))?.name ?? p.userName ?? p.userId;
      lines.push(t('top.line', { rank: i + 1, name: escapeHtml(name), count: p.pixels }));
    }
    return new HtmlReply([t('top.title', { game }), ...lines]);
  }

  private async mostFollowed({ args, t, usage }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 1, usage);
    const limit = parseCount(args[0], TEMPLATES_DEFAULT, TEMPLATES_MAX);
    const list = await this.templates.mostFollowed(limit);
    if (list.length === 0) return t('templates.empty');
    const base = this.configuration.config.publicUrl.replace(/\/+$/, '');
    const lines = list.map((entry, i) =>
      t('templates.line', {
        rank: i + 1,
        name: escapeHtml(entry.template.name),
        owner: escapeHtml(entry.ownerName),
        percent: entry.progress.percent,
        matching: entry.progress.matching,
        total: entry.progress.total,
        count: entry.followers,
        url: escapeHtml(`${base}/t/${entry.template.id}`),
      }),
    );
    return new HtmlReply([t('templates.title'), ...lines]);
  }
}

interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

function parseRect(words: string[]): Area {
  const refused = () => new AdminCommandError(new BotText('rollback.badArea'));
  if (!words.every((w) => /^\d{1,5}$/.test(w))) throw refused();
  const [x, y, width, height] = words.map(Number);
  if (width < 1 || height < 1) throw refused();
  return { x, y, width, height };
}
