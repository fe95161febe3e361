import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { LeaderElection } from '../cluster/leader-election';
import { FeedbackForwarder } from './feedback-forwarder.service';
import { TelegramConnection } from './telegram-connection';

/**
 * The bot's once-per-cluster jobs: receiving updates (long polling, or registering the
 * webhook) and forwarding feedback. One process runs them from bootstrap; with several
 * instances the holder of the "telegram" lead runs them (LeaderElection calls `start()`
 * and `stop()`, both idempotent). Each job also stops itself at shutdown.
 */
@Injectable()
export class TelegramJobs implements OnApplicationBootstrap {
  constructor(
    private readonly connection: TelegramConnection,
    private readonly forwarder: FeedbackForwarder,
    private readonly leaders: LeaderElection,
  ) {}

  onApplicationBootstrap(): void {
    this.leaders.register('telegram', { start: () => this.start(), stop: () => this.stop() });
  }

  start(): void {
    this.connection.start();
    this.forwarder.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.connection.stop(), this.forwarder.stop()]);
  }
}
