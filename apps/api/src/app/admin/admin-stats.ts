import { Injectable, Logger } from '@nestjs/common';
import type { Locale } from '@pixel-wars/protocol';
import { botText } from './i18n/bot-catalogue';

/** One line of /stats, e.g. { label: 'Stream', value: 'live', detail: '→ rtmp://… (1920×1080 @ 2 fps)' }. Plain text. */
export interface AdminStatsLine {
  label: string;
  value: string;
  detail?: string;
}

/** A feature's contribution to the admin stats (snapshots adds the live stream's state). */
export interface AdminStatsProvider {
  /** Names the provider in error logs. */
  readonly name: string;
  /** Lines worded in `locale` (see admin/i18n). */
  lines(locale: Locale): AdminStatsLine[] | Promise<AdminStatsLine[]>;
}

/** Collects the stats lines of every registered provider, in registration order. */
@Injectable()
export class AdminStatsRegistry {
  private readonly logger = new Logger('AdminStats');
  private readonly providers: AdminStatsProvider[] = [];

  register(provider: AdminStatsProvider): void {
    this.providers.push(provider);
  }

  /** A provider that fails shows as one line saying so; the others still answer. */
  async collect(locale: Locale = 'en'): Promise<AdminStatsLine[]> {
    const lines: AdminStatsLine[] = [];
    for (const provider of this.providers) {
      try {
        lines.push(...(await provider.lines(locale)));
      } catch (error) {
        this.logger.error(`stats provider ${provider.name} failed: ${(error as Error).message}`);
        lines.push({ label: provider.name, value: botText(locale, 'stats.unavailable') });
      }
    }
    return lines;
  }
}
