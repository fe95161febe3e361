import { Injectable, OnModuleInit } from '@nestjs/common';
import { User } from '../../users/user';
import { AdminActionsService, ANNOUNCEMENT_MAX } from '../admin-actions.service';
import { AdminCommandContext, AdminCommandError, AdminReply, HtmlReply } from '../admin-command';
import { AdminCommandRegistry } from '../admin-command-registry';
import { escapeHtml, formatDuration, formatTime } from '../admin-format';
import { adminLabel } from '../admin-label';
import { expectAtMost, parseMinutes } from '../command-args';

/** /ban, /unban, /announce. */
@Injectable()
export class ModerationCommands implements OnModuleInit {
  constructor(
    private readonly registry: AdminCommandRegistry,
    private readonly admin: AdminActionsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({ command: 'ban', usage: '/ban <email or id> [minutes]', description: 'Ban a player (permanently without minutes)', handler: async (c) => this.ban(c) });
    this.registry.register({ command: 'unban', usage: '/unban <email or id>', description: 'Lift a ban', handler: async (c) => this.unban(c) });
    this.registry.register({ command: 'announce', usage: '/announce <text>', description: 'Show a notice to every connected player', handler: async (c) => this.announce(c) });
  }

  private async ban({ args, actor }: AdminCommandContext): Promise<AdminReply> {
    if (args.length === 0) throw new AdminCommandError('Usage: /ban <email or id> [minutes]');
    expectAtMost(args, 2, '/ban <email or id> [minutes]');
    const minutes = parseMinutes(args[1]);
    const { user, until } = await this.admin.ban(args[0], minutes, adminLabel(actor));
    const length = until === null ? 'permanently' : `for ${formatDuration((minutes ?? 0) * 60_000)} (until ${formatTime(until)})`;
    return new HtmlReply(`Banned ${describeUser(user)} ${length}. Their sessions are ended and they are out of play.`);
  }

  private async unban({ args, actor }: AdminCommandContext): Promise<AdminReply> {
    if (args.length === 0) throw new AdminCommandError('Usage: /unban <email or id>');
    expectAtMost(args, 1, '/unban <email or id>');
    const { user, wasBanned } = await this.admin.unban(args[0], adminLabel(actor));
    return new HtmlReply(wasBanned ? `Unbanned ${describeUser(user)}.` : `${describeUser(user)} was not banned.`);
  }

  private async announce({ text }: AdminCommandContext): Promise<AdminReply> {
    if (text === '') throw new AdminCommandError(`Usage: /announce <text> (at most ${ANNOUNCEMENT_MAX} characters)`);
    const { sockets } = await this.admin.announce(text);
    return `Announcement sent to ${sockets} connected ${sockets === 1 ? 'socket' : 'sockets'}.`;
  }
}

export function describeUser(user: Pick<User, 'id' | 'name' | 'email'>): string {
  return `<b>${escapeHtml(user.name)}</b> (${escapeHtml(user.email)}, id <code>${escapeHtml(user.id)}</code>)`;
}
