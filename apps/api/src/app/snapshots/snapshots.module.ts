import { Module } from '@nestjs/common';
import { AdminCommandsModule } from '../admin/admin-commands.module';
import { CanvasModule } from '../canvas/canvas.module';
import { PresenceModule } from '../presence/presence.module';
import { SnapshotAdminCommands } from './admin/snapshot-admin-commands';
import { FfmpegService } from './ffmpeg/ffmpeg.service';
import { FileHistoryImageStore, HistoryImageStore } from './history/history-image-store';
import { HistoryController } from './history/history.controller';
import { HistoryRepository } from './history/history.repository';
import { HistoryService } from './history/history.service';
import { StreamService } from './stream/stream.service';
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
    HistoryRepository,
    { provide: HistoryImageStore, useClass: FileHistoryImageStore },
    HistoryService,
    TimelapseService,
    StreamService,
    SnapshotAdminCommands,
  ],
  exports: [HistoryService, TimelapseService, StreamService],
})
export class SnapshotsModule {}
