import { Module } from '@nestjs/common';
import { AdminCommandsModule } from '../admin/admin-commands.module';
import { CanvasModule } from '../canvas/canvas.module';
import { PresenceModule } from '../presence/presence.module';
import { storageRepository } from '../storage/database';
import { SnapshotAdminCommands } from './admin/snapshot-admin-commands';
import { FfmpegService } from './ffmpeg/ffmpeg.service';
import { FileHistoryImageStore, HistoryImageStore } from './history/history-image-store';
import { HistoryController } from './history/history.controller';
import { PostgresHistoryImageStore } from './history/postgres-history-image-store';
import { ConfigurationService } from '../config/configuration.service';
import { Database, DATABASE } from '../storage/database';
import { HistoryRepository } from './history/history.repository';
import { PostgresHistoryRepository } from './history/postgres-history.repository';
import { SqliteHistoryRepository } from './history/sqlite-history.repository';
import { HistoryService } from './history/history.service';
import { StreamService } from './stream/stream.service';
import { ChangeLogReader } from './timelapse/change-log';
import { PostgresChangeLogReader } from './timelapse/postgres-change-log.reader';
import { SqliteChangeLogReader } from './timelapse/sqlite-change-log.reader';
import { TimelapseService } from './timelapse/timelapse.service';

/**
 * History snapshots (PNG), timelapse export and the live stream (both through ffmpeg);
 * /snapshot, /timelapse and the stream's /stats line go to the admin console through admin/.
 */
@Module({
  imports: [CanvasModule, PresenceModule, AdminCommandsModule],
  controllers: [HistoryController],
  providers: [
    FfmpegService,
    storageRepository(HistoryRepository, { sqlite: (db) => new SqliteHistoryRepository(db), postgres: (db) => new PostgresHistoryRepository(db) }),
    storageRepository(ChangeLogReader, { sqlite: (db) => new SqliteChangeLogReader(db.db), postgres: (db) => new PostgresChangeLogReader(db) }),
    {
      provide: HistoryImageStore,
      inject: [DATABASE, ConfigurationService],
      useFactory: (db: Database, configuration: ConfigurationService) =>
        db.kind === 'postgres' ? new PostgresHistoryImageStore(db) : new FileHistoryImageStore(configuration),
    },
    HistoryService,
    TimelapseService,
    StreamService,
    SnapshotAdminCommands,
  ],
  exports: [HistoryService, TimelapseService, StreamService],
})
export class SnapshotsModule {}
