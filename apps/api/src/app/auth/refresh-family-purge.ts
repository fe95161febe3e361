import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { RefreshTokenService } from './refresh-token.service';

/** The purge in the SchedulerRegistry. */
export const REFRESH_FAMILY_PURGE = 'refresh-family-purge';
const PURGE_EVERY_MS = 6 * 3_600_000;

/** Deletes refresh-token families that ended over a day ago: at start-up and every 6 hours. */
@Injectable()
export class RefreshFamilyPurge implements OnModuleInit {
  private readonly logger = new Logger('RefreshFamilyPurge');

  constructor(private readonly refreshTokens: RefreshTokenService) {}

  async onModuleInit(): Promise<void> {
    await this.purge();
  }

  /** Never rejects: a database that is away now is purged at the next run. */
  @Interval(REFRESH_FAMILY_PURGE, PURGE_EVERY_MS)
  async purge(): Promise<void> {
    try {
      await this.refreshTokens.purge();
    } catch (error) {
      this.logger.warn(`refresh families not purged: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
