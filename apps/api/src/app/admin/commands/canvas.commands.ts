import { Injectable, OnModuleInit } from '@nestjs/common';
import { AdminActionsService } from '../admin-actions.service';
import { AdminCommandContext, AdminReply, HtmlReply } from '../admin-command';
import { AdminCommandRegistry } from '../admin-command-registry';
import { escapeHtml } from '../admin-format';
import { adminLabel } from '../admin-label';
import { expectAtMost, parseColour, parseSize } from '../command-args';

/** /clear, /newgame (both confirmed with a button), /pause, /resume. */
@Injectable()
export class CanvasCommands implements OnModuleInit {
  constructor(
    private readonly registry: AdminCommandRegistry,
    private readonly admin: AdminActionsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({ command: 'clear', usage: '/clear [colour]', description: 'Wipe the canvas to one colour (asks to confirm)', handler: (c) => this.clear(c) });
    this.registry.register({ command: 'newgame', usage: '/newgame [WxH]', description: 'Archive the canvas to history, start a fresh one (asks to confirm)', handler: (c) => this.newGame(c) });
    this.registry.register({ command: 'pause', description: 'Freeze placements (players get 403 PAUSED)', handler: async (c) => this.pause(c) });
    this.registry.register({ command: 'resume', description: 'Allow placements again', handler: async (c) => this.resume(c) });
  }

  private async clear({ args, confirm }: AdminCommandContext): Promise<void> {
    expectAtMost(args, 1, '/clear [colour]');
    const color = parseColour(args[0], this.admin.palette) ?? this.admin.backgroundColor;
    const { width, height } = this.admin.canvasSize;
    await confirm({
      prompt: `Clear the whole ${width}×${height} canvas to colour <b>${color}</b> (${this.colourName(color)})? Every player sees it at once.`,
      confirmLabel: 'Clear the canvas',
      run: async (actor) => {
        const { version } = await this.admin.clear(color, adminLabel(actor));
        return new HtmlReply(`Canvas cleared to colour <b>${color}</b> (${this.colourName(color)}) by ${escapeHtml(actor.name)} — version ${version}.`);
      },
    });
  }

  private async newGame({ args, confirm }: AdminCommandContext): Promise<void> {
    expectAtMost(args, 1, '/newgame [WxH]');
    const size = parseSize(args[0]);
    const current = this.admin.canvasSize;
    const next = size ?? current;
    await confirm({
      prompt: `Archive the current ${current.width}×${current.height} canvas to history and start a new <b>${next.width}×${next.height}</b> game?`,
      confirmLabel: 'Start a new game',
      run: async (actor) => {
        const game = await this.admin.newGame(size, adminLabel(actor));
        return new HtmlReply(`Game <b>${game.game}</b> started by ${escapeHtml(actor.name)}: ${game.width}×${game.height}, version ${game.version}. The previous canvas is in the history.`);
      },
    });
  }

  private async pause({ args }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 0, '/pause');
    return (await this.admin.setPaused(true)) ? 'Placements are paused: players get 403 PAUSED until /resume.' : 'Placements were already paused. /resume to allow them.';
  }

  private async resume({ args }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 0, '/resume');
    return (await this.admin.setPaused(false)) ? 'Placements are allowed again.' : 'Placements were not paused.';
  }

  private colourName(color: number): string {
    return this.admin.palette[color] ?? `#${color}`;
  }
}
