import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { FeedbackForwarder } from './feedback-forwarder.service';
import { TelegramConnection } from './telegram-connection';

/**
 * The bot's once-per-cluster jobs: receiving updates (long polling, or registering the
 * webhook) and forwarding feedback. One process runs them from bootstrap; with several
 * instances a leader lock calls `start()` on the leader and `stop()` when it loses the
 * lock (both idempotent). Each job also stops itself at shutdown.
 */
@Injectable()
export class TelegramJobs implements OnApplicationBootstrap {
  constructor(
    private readonly connection: TelegramConnection,
    private readonly forwarder: FeedbackForwarder,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  start(): void {
    this.connection.start();
    this.forwarder.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.connection.stop(), this.forwarder.stop()]);
  }
}
