import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Locale } from '@pixel-wars/protocol';
import { User } from '../../users/user';
import { AdminActionsService, ANNOUNCEMENT_MAX } from '../admin-actions.service';
import { AdminCommandContext, AdminCommandError, AdminReply, HtmlReply } from '../admin-command';
import { AdminCommandRegistry } from '../admin-command-registry';
import { escapeHtml, formatDuration, formatTime } from '../admin-format';
import { adminLabel } from '../admin-label';
import { expectAtMost, parseMinutes } from '../command-args';
import { botText, BotText } from '../i18n/bot-catalogue';

/** /ban, /unban, /announce. Texts: admin/i18n catalogues. */
@Injectable()
export class ModerationCommands implements OnModuleInit {
  constructor(
    private readonly registry: AdminCommandRegistry,
    private readonly admin: AdminActionsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({ command: 'ban', handler: async (c) => this.ban(c) });
    this.registry.register({ command: 'unban', handler: async (c) => this.unban(c) });
    this.registry.register({ command: 'announce', handler: async (c) => this.announce(c) });
  }

  private async ban({ args, actor, t, usage }: AdminCommandContext): Promise<AdminReply> {
    if (args.length === 0) throw new AdminCommandError(new BotText('args.usage', { usage }));
    expectAtMost(args, 2, usage);
    const minutes = parseMinutes(args[1]);
    const { user, until } = await this.admin.ban(args[0], minutes, adminLabel(actor));
    const who = describeUser(user, actor.locale);
    return new HtmlReply(
      until === null
        ? t('ban.permanent', { user: who })
        : t('ban.temporary', { user: who, length: formatDuration((minutes ?? 0) * 60_000, actor.locale), until: formatTime(until) }),
    );
  }

  private async unban({ args, actor, t, usage }: AdminCommandContext): Promise<AdminReply> {
    if (args.length === 0) throw new AdminCommandError(new BotText('args.usage', { usage }));
    expectAtMost(args, 1, usage);
    const { user, wasBanned } = await this.admin.unban(args[0], adminLabel(actor));
    const who = describeUser(user, actor.locale);
    return new HtmlReply(wasBanned ? t('unban.done', { user: who }) : t('unban.notBanned', { user: who }));
  }

  private async announce({ text, t }: AdminCommandContext): Promise<AdminReply> {
    if (text === '') throw new AdminCommandError(new BotText('announce.usage', { max: ANNOUNCEMENT_MAX }));
    const { sockets } = await this.admin.announce(text);
    return t('announce.sent', { count: sockets });
  }
}

export function describeUser(user: Pick<User, 'id' | 'name' | 'email'>, locale: Locale): string {
  return botText(locale, 'user.describe', { name: escapeHtml(user.name), email: escapeHtml(user.email), id: escapeHtml(user.id) });
}
