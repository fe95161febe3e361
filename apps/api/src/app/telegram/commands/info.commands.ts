import { Injectable, OnModuleInit } from '@nestjs/common';
import { AdminActionsService } from '../../admin/admin-actions.service';
import { AdminAuditLog } from '../../admin/admin-audit-log';
import { FeedbackRepository } from '../../feedback/feedback.repository';
import { StreamStatus } from '../../snapshots/stream/stream.service';
import { UsersService } from '../../users/users.service';
import { AdminCommandContext, AdminCommandRegistry, AdminReply, HtmlReply } from '../admin-command-registry';
import { expectAtMost, parseCount } from '../command-args';
import { formatFeedback } from '../feedback-format';
import { escapeHtml, formatBytes, formatDuration, formatTime, replyHtmlInChunks, truncate } from '../telegram-format';

/** Longest feedback text shown per item in a listing. */
const LISTED_MESSAGE_CHARS = 700;

/** /stats, /feedback, /audit, /palette, /help. */
@Injectable()
export class InfoCommands implements OnModuleInit {
  constructor(
    private readonly registry: AdminCommandRegistry,
    private readonly admin: AdminActionsService,
    private readonly feedback: FeedbackRepository,
    private readonly users: UsersService,
    private readonly audit: AdminAuditLog,
  ) {}

  onModuleInit(): void {
    this.registry.register({ command: 'stats', description: 'Version, placements, players, queue, sockets, load, memory', handler: async (c) => this.stats(c) });
    this.registry.register({ command: 'feedback', usage: '/feedback [n]', description: 'The latest feedback (default 5, at most 20)', handler: async (c) => this.latestFeedback(c) });
    this.registry.register({ command: 'audit', usage: '/audit [n]', description: 'The latest admin actions (default 10, at most 30)', handler: async (c) => this.latestAudit(c) });
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
        formatStream(s.stream),
      ].join('\n'),
    );
  }

  private async latestFeedback({ args, ctx }: AdminCommandContext): Promise<AdminReply | void> {
    expectAtMost(args, 1, '/feedback [n]');
    const items = await this.feedback.latest(parseCount(args[0], 5, 20));
    if (items.length === 0) return 'No feedback yet.';
    const authors = await Promise.all(items.map((f) => (f.userId ? this.users.findById(f.userId) : null)));
    const blocks = items.map((f, i) => formatFeedback(f, authors[i], LISTED_MESSAGE_CHARS));
    await replyHtmlInChunks(ctx, blocks, '\n\n');
  }

  private async latestAudit({ args, ctx }: AdminCommandContext): Promise<AdminReply | void> {
    expectAtMost(args, 1, '/audit [n]');
    const entries = await this.audit.latest(parseCount(args[0], 10, 30));
    if (entries.length === 0) return 'The audit log is empty.';
    const lines = entries.map((e) => {
      const what = truncate(`/${e.action}${e.args ? ` ${e.args}` : ''}`, 120);
      const detail = e.detail ? ` — ${escapeHtml(truncate(e.detail, 160))}` : '';
      return `${formatTime(e.at)} ${escapeHtml(truncate(e.actorName ?? e.actorId, 40))}: ${escapeHtml(what)} → <b>${e.result}</b>${detail}`;
    });
    await replyHtmlInChunks(ctx, lines, '\n');
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

function formatStream(stream: StreamStatus): string {
  if (stream.state === 'off') return 'Stream: off (no STREAM_RTMP_URL)';
  const target = stream.target ? escapeHtml(stream.target) : '';
  const detail = stream.state === 'live'
    ? `${stream.framesSent} frames sent, ${stream.framesDropped} dropped`
    : stream.lastError
      ? `last error: ${escapeHtml(stream.lastError.slice(0, 200))}`
      : '';
  return `Stream: <b>${stream.state}</b> → ${target} (${stream.width}×${stream.height} @ ${stream.fps} fps, ${stream.restarts} restarts${detail ? `; ${detail}` : ''})`;
}
