import { Module } from '@nestjs/common';
import { CanvasModule } from '../canvas/canvas.module';
import { HeatmapController } from './heatmap.controller';
import { HeatmapService } from './heatmap.service';

/** GET /api/canvas/heatmap: placement activity of the last hour / day as a snapshot. */
@Module({
  imports: [CanvasModule],
  controllers: [HeatmapController],
  providers: [HeatmapService],
  exports: [HeatmapService],
})
export class HeatmapModule {}
