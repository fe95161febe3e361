import { Injectable, OnModuleInit } from '@nestjs/common';
import { AdminActionsService } from '../admin-actions.service';
import { AdminCommandContext, AdminReply, HtmlReply } from '../admin-command';
import { AdminCommandRegistry } from '../admin-command-registry';
import { escapeHtml } from '../admin-format';
import { adminLabel } from '../admin-label';
import { expectAtMost, parseColour, parseSize } from '../command-args';
import { botText } from '../i18n/bot-catalogue';

/** /clear, /newgame (both confirmed with a button), /pause, /resume. Texts: admin/i18n catalogues. */
@Injectable()
export class CanvasCommands implements OnModuleInit {
  constructor(
    private readonly registry: AdminCommandRegistry,
    private readonly admin: AdminActionsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({ command: 'clear', handler: (c) => this.clear(c) });
    this.registry.register({ command: 'newgame', handler: (c) => this.newGame(c) });
    this.registry.register({ command: 'pause', handler: async (c) => this.pause(c) });
    this.registry.register({ command: 'resume', handler: async (c) => this.resume(c) });
  }

  private async clear({ args, confirm, t, usage }: AdminCommandContext): Promise<void> {
    expectAtMost(args, 1, usage);
    const color = parseColour(args[0], this.admin.palette) ?? this.admin.backgroundColor;
    const { width, height } = this.admin.canvasSize;
    await confirm({
      prompt: t('clear.prompt', { width, height, color, hex: this.colourName(color) }),
      confirmLabel: t('clear.confirm'),
      run: async (actor) => {
        const { version } = await this.admin.clear(color, adminLabel(actor));
        return new HtmlReply(botText(actor.locale, 'clear.done', { color, hex: this.colourName(color), admin: escapeHtml(actor.name), version }));
      },
    });
  }

  private async newGame({ args, confirm, t, usage }: AdminCommandContext): Promise<void> {
    expectAtMost(args, 1, usage);
    const size = parseSize(args[0]);
    const current = this.admin.canvasSize;
    const next = size ?? current;
    await confirm({
      prompt: t('newgame.prompt', { width: current.width, height: current.height, nextWidth: next.width, nextHeight: next.height }),
      confirmLabel: t('newgame.confirm'),
      run: async (actor) => {
        const game = await this.admin.newGame(size, adminLabel(actor));
        return new HtmlReply(
          botText(actor.locale, 'newgame.done', {
            game: game.game,
            admin: escapeHtml(actor.name),
            width: game.width,
            height: game.height,
            version: game.version,
          }),
        );
      },
    });
  }

  private async pause({ args, t, usage }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 0, usage);
    return (await this.admin.setPaused(true)) ? t('pause.done') : t('pause.already');
  }

  private async resume({ args, t, usage }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 0, usage);
    return (await this.admin.setPaused(false)) ? t('resume.done') : t('resume.notPaused');
  }

  private colourName(color: number): string {
    return this.admin.palette[color] ?? `#${color}`;
  }
}
