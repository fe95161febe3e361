import { Injectable } from '@nestjs/common';
import { AdminCommand } from './admin-command';

/** A command name as typed after the slash (any case); the registry stores lower case. */
export const COMMAND_NAME = /^[a-z0-9_]{1,32}$/i;

/**
 * The admin commands, whatever the channel. Any module may register its own from
 * `onModuleInit` (snapshots adds /snapshot and /timelapse); a channel (the Telegram bot)
 * looks commands up when a message arrives, checks the sender, audits and answers.
 */
@Injectable()
export class AdminCommandRegistry {
  private readonly commands = new Map<string, AdminCommand>();

  register(command: AdminCommand): void {
    if (!COMMAND_NAME.test(command.command) || command.command !== command.command.toLowerCase()) {
      throw new Error(`invalid admin command name "${command.command}": use [a-z0-9_]{1,32} without the slash`);
    }
    if (this.commands.has(command.command)) throw new Error(`admin command /${command.command} is already registered`);
    this.commands.set(command.command, command);
  }

  get(name: string): AdminCommand | undefined {
    return this.commands.get(name.toLowerCase());
  }

  /** In registration order. */
  list(): AdminCommand[] {
    return [...this.commands.values()];
  }
}
