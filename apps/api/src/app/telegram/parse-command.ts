export interface ParsedCommand {
  /** Lower case, without the slash. */
  command: string;
  /** The bot named after "@" (`/stats@pixel_wars_bot`), if any. */
  addressee: string | null;
  /** Everything after the command, trimmed. */
  text: string;
  args: string[];
}

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/;

/** Parses "/command[@bot] args…"; null when the text is not a command. */
export function parseCommand(text: string): ParsedCommand | null {
  const match = COMMAND.exec(text.trim());
  if (!match) return null;
  const rest = (match[3] ?? '').trim();
  return {
    command: match[1].toLowerCase(),
    addressee: match[2] ?? null,
    text: rest,
    args: rest === '' ? [] : rest.split(/\s+/),
  };
}
