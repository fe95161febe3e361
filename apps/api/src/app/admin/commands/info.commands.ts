import { Injectable, OnModuleInit } from '@nestjs/common';
import { AdminActionsService } from '../admin-actions.service';
import { AdminCommandContext, AdminReply, HtmlReply } from '../admin-command';
import { AdminCommandRegistry } from '../admin-command-registry';
import { escapeHtml, formatBytes, formatDuration, formatTime, truncate } from '../admin-format';
import { AdminStatsLine } from '../admin-stats';
import { expectAtMost, parseCount } from '../command-args';
import { formatFeedback } from '../feedback-format';
import { commandText } from '../i18n/bot-catalogue';

/** Longest feedback text shown per item in a listing. */
const LISTED_MESSAGE_CHARS = 700;

/** /stats, /feedback, /audit, /palette, /help. Texts: admin/i18n catalogues. */
@Injectable()
export class InfoCommands implements OnModuleInit {
  constructor(
    private readonly registry: AdminCommandRegistry,
    private readonly admin: AdminActionsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({ command: 'stats', handler: (c) => this.stats(c) });
    this.registry.register({ command: 'feedback', handler: (c) => this.latestFeedback(c) });
    this.registry.register({ command: 'audit', handler: (c) => this.latestAudit(c) });
    this.registry.register({ command: 'palette', handler: async (c) => this.palette(c) });
    this.registry.register({ command: 'help', handler: async (c) => this.help(c) });
  }

  private async stats({ args, actor, t, usage }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 0, usage);
    const s = await this.admin.stats(actor.locale);
    const bytes = (n: number) => formatBytes(n, actor.locale);
    return new HtmlReply(
      [
        t('stats.title', { game: s.game, width: s.width, height: s.height }) + (s.paused ? t('stats.paused') : ''),
        t('stats.version', { version: s.version }),
        t('stats.placements', { minute: s.placementsLastMinute, hour: s.placementsLastHour }),
        t('stats.players', { playing: s.playing, queued: s.queued, stalled: s.stalled }),
        t('stats.sockets', { sockets: s.sockets, users: s.users }),
        t('stats.eventLoop', { p99: s.eventLoopDelayP99Ms.toFixed(1), max: s.eventLoopDelayMaxMs.toFixed(1) }),
        t('stats.realtime', { rate: bytes(Math.round(s.realtimeBytesPerSecond)), tick: Math.round(s.tickIntervalMs) }),
        t('stats.memory', { rss: bytes(s.memory.rss), used: bytes(s.memory.heapUsed), total: bytes(s.memory.heapTotal) }),
        t('stats.feedback', { total: s.feedback.total, day: s.feedback.lastDay, pending: s.feedback.pending }),
        t('stats.uptime', { uptime: formatDuration(s.uptimeSeconds * 1000, actor.locale) }),
        ...s.more.map(formatStatsLine),
      ].join('\n'),
    );
  }

  private async latestFeedback({ args, actor, t, usage }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 1, usage);
    const items = await this.admin.latestFeedback(parseCount(args[0], 5, 20));
    if (items.length === 0) return t('feedback.none');
    return new HtmlReply(
      items.map(({ feedback, author }) => formatFeedback(feedback, author, actor.locale, LISTED_MESSAGE_CHARS)),
      '\n\n',
    );
  }

  /** Entries stay as recorded (the audit log is in English, whoever reads it). */
  private async latestAudit({ args, t, usage }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 1, usage);
    const entries = await this.admin.latestAudit(parseCount(args[0], 10, 30));
    if (entries.length === 0) return t('audit.empty');
    const lines = entries.map((e) => {
      const what = truncate(`/${e.action}${e.args ? ` ${e.args}` : ''}`, 120);
      const detail = e.detail ? ` — ${escapeHtml(truncate(e.detail, 160))}` : '';
      return `${formatTime(e.at)} ${escapeHtml(truncate(e.actorName ?? e.actorId, 40))}: ${escapeHtml(what)} → <b>${e.result}</b>${detail}`;
    });
    return new HtmlReply(lines, '\n');
  }

  private palette({ t }: AdminCommandContext): AdminReply {
    const lines = this.admin.palette.map((hex, i) => `${i}: <code>${hex}</code>${i === this.admin.backgroundColor ? t('palette.background') : ''}`);
    return new HtmlReply(`${t('palette.title')}\n${lines.join('\n')}`);
  }

  private help({ actor, t }: AdminCommandContext): AdminReply {
    const lines = this.registry.list().map((c) => {
      const usage = commandText(actor.locale, c.command, 'usage', c.usage, c.textParams) ?? `/${c.command}`;
      const description = commandText(actor.locale, c.command, 'description', c.description, c.textParams) ?? '';
      return `${escapeHtml(usage)} — ${escapeHtml(description)}`;
    });
    const palette = this.admin.palette;
    return new HtmlReply([t('help.title'), ...lines, '', t('help.colours', { max: palette.length - 1, example: palette[0] })].join('\n'));
  }
}

/** "Stream: <b>live</b> → rtmp://…/<redacted> (…)". */
function formatStatsLine(line: AdminStatsLine): string {
  return `${escapeHtml(line.label)}: <b>${escapeHtml(line.value)}</b>${line.detail ? ` ${escapeHtml(line.detail)}` : ''}`;
}
