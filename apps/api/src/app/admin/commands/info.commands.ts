import { Injectable, OnModuleInit } from '@nestjs/common';
import { AdminActionsService } from '../admin-actions.service';
import { AdminCommandContext, AdminReply, HtmlReply } from '../admin-command';
import { AdminCommandRegistry } from '../admin-command-registry';
import { escapeHtml, formatBytes, formatDuration, formatTime, truncate } from '../admin-format';
import { AdminStatsLine } from '../admin-stats';
import { expectAtMost, parseCount } from '../command-args';
import { formatFeedback } from '../feedback-format';

/** Longest feedback text shown per item in a listing. */
const LISTED_MESSAGE_CHARS = 700;

/** /stats, /feedback, /audit, /palette, /help. */
@Injectable()
export class InfoCommands implements OnModuleInit {
  constructor(
    private readonly registry: AdminCommandRegistry,
    private readonly admin: AdminActionsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({ command: 'stats', description: 'Version, placements, players, queue, sockets, load, memory', handler: (c) => this.stats(c) });
    this.registry.register({ command: 'feedback', usage: '/feedback [n]', description: 'The latest feedback (default 5, at most 20)', handler: (c) => this.latestFeedback(c) });
    this.registry.register({ command: 'audit', usage: '/audit [n]', description: 'The latest admin actions (default 10, at most 30)', handler: (c) => this.latestAudit(c) });
    this.registry.register({ command: 'palette', description: 'The palette colours and their indices', handler: async () => this.palette() });
    this.registry.register({ command: 'help', description: 'This list', handler: async () => this.help() });
  }

  private async stats({ args }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 0, '/stats');
    const s = await this.admin.stats();
    return new HtmlReply(
      [
        `<b>Pixel Wars</b> · game ${s.game} · ${s.width}×${s.height}${s.paused ? ' · <b>PAUSED</b>' : ''}`,
        `Version: <b>${s.version}</b>`,
        `Placements: ${s.placementsLastMinute} last minute, ${s.placementsLastHour} last hour`,
        `Players: ${s.playing} playing, ${s.queued} queued (${s.stalled} of them reconnecting)`,
        `Sockets: ${s.sockets} · accounts: ${s.users}`,
        `Event loop delay: p99 ${s.eventLoopDelayP99Ms.toFixed(1)} ms, max ${s.eventLoopDelayMaxMs.toFixed(1)} ms`,
        `Realtime out: ${formatBytes(Math.round(s.realtimeBytesPerSecond))}/s, a frame every ${Math.round(s.tickIntervalMs)} ms`,
        `Memory: RSS ${formatBytes(s.memory.rss)}, heap ${formatBytes(s.memory.heapUsed)} of ${formatBytes(s.memory.heapTotal)}`,
        `Feedback: ${s.feedback.total} total, ${s.feedback.lastDay} in 24 h, ${s.feedback.pending} not yet forwarded`,
        `Uptime: ${formatDuration(s.uptimeSeconds * 1000)}`,
        ...s.more.map(formatStatsLine),
      ].join('\n'),
    );
  }

  private async latestFeedback({ args }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 1, '/feedback [n]');
    const items = await this.admin.latestFeedback(parseCount(args[0], 5, 20));
    if (items.length === 0) return 'No feedback yet.';
    return new HtmlReply(
      items.map(({ feedback, author }) => formatFeedback(feedback, author, LISTED_MESSAGE_CHARS)),
      '\n\n',
    );
  }

  private async latestAudit({ args }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 1, '/audit [n]');
    const entries = await this.admin.latestAudit(parseCount(args[0], 10, 30));
    if (entries.length === 0) return 'The audit log is empty.';
    const lines = entries.map((e) => {
      const what = truncate(`/${e.action}${e.args ? ` ${e.args}` : ''}`, 120);
      const detail = e.detail ? ` — ${escapeHtml(truncate(e.detail, 160))}` : '';
      return `${formatTime(e.at)} ${escapeHtml(truncate(e.actorName ?? e.actorId, 40))}: ${escapeHtml(what)} → <b>${e.result}</b>${detail}`;
    });
    return new HtmlReply(lines, '\n');
  }

  private palette(): AdminReply {
    const lines = this.admin.palette.map((hex, i) => `${i}: <code>${hex}</code>${i === this.admin.backgroundColor ? ' (background)' : ''}`);
    return new HtmlReply(`<b>Palette</b>\n${lines.join('\n')}`);
  }

  private help(): AdminReply {
    const lines = this.registry.list().map((c) => `${escapeHtml(c.usage ?? `/${c.command}`)} — ${escapeHtml(c.description)}`);
    return new HtmlReply(
      [`<b>Pixel Wars admin commands</b>`, ...lines, '', `A colour is a palette index (0–${this.admin.palette.length - 1}) or a palette colour like ${this.admin.palette[0]}; see /palette.`].join('\n'),
    );
  }
}

/** "Stream: <b>live</b> → rtmp://…/<redacted> (…)". */
function formatStatsLine(line: AdminStatsLine): string {
  return `${escapeHtml(line.label)}: <b>${escapeHtml(line.value)}</b>${line.detail ? ` ${escapeHtml(line.detail)}` : ''}`;
}
