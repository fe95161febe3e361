import type { Locale } from '@pixel-wars/protocol';
import { BotText } from './bot-catalogue';

/**
 * An error whose message an admin reads: `message` is English (logs, audit log), `in(locale)`
 * words it for the admin who sees it. A plain string (a command not yet in the catalogue)
 * reads the same in every language.
 */
export class LocalizedError extends Error {
  constructor(readonly text: string | BotText) {
    super(typeof text === 'string' ? text : text.in('en'));
  }

  in(locale: Locale): string {
    return typeof this.text === 'string' ? this.text : this.text.in(locale);
  }
}
