import { Module } from '@nestjs/common';
import { storageRepository } from '../storage/database';
import { PixelHistoryRepository } from './pixel-history.repository';
import { PostgresPixelHistoryRepository } from './postgres-pixel-history.repository';
import { SqlitePixelHistoryRepository } from './sqlite-pixel-history.repository';

/** Who changed which pixel, from the placement log: the grief list, rollback and /top read it. */
@Module({
  providers: [
    storageRepository(PixelHistoryRepository, { sqlite: (db) => new SqlitePixelHistoryRepository(db), postgres: (db) => new PostgresPixelHistoryRepository(db) }),
  ],
  exports: [PixelHistoryRepository],
})
export class PixelHistoryModule {}
