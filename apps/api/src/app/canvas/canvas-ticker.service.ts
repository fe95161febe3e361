import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { bytesToBase64, encodeBatchFrame } from '@pixel-wars/protocol';
import { ConfigurationService } from '../config/configuration.service';
import { PlayGateway } from '../realtime/play.gateway';
import { CanvasService } from './canvas.service';

/**
 * The tick: encode what was committed since the last tick (group commits run once per
 * event-loop turn, see WritePipeline) as ONE batch frame and send that same string to
 * every socket.
 */
@Injectable()
export class CanvasTicker implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly configuration: ConfigurationService,
    private readonly canvas: CanvasService,
    private readonly gateway: PlayGateway,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.configuration.config.tickMs);
  }

  tick(): void {
    this.canvas.commitPending();
    const outbox = this.canvas.takeOutbox();
    if (outbox) this.gateway.broadcastPixels(bytesToBase64(encodeBatchFrame(outbox.firstVersion, outbox.records)));
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.tick();
  }
}
