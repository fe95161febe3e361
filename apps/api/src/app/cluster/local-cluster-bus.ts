import { Logger } from '@nestjs/common';
import { ClusterBus, ClusterHandler, ClusterHandlers, ClusterMessages, ClusterMessageType } from './cluster-bus';

/** The bus of a single process: every message is handled here, synchronously. */
export class LocalClusterBus extends ClusterBus {
  private readonly logger = new Logger('ClusterBus');
  private readonly handlers = new ClusterHandlers();

  constructor(readonly instanceId: string) {
    super();
  }

  broadcast<K extends ClusterMessageType>(type: K, payload: ClusterMessages[K]): Promise<void> {
    this.deliver(type, payload);
    return Promise.resolve();
  }

  sendTo<K extends ClusterMessageType>(instanceId: string, type: K, payload: ClusterMessages[K]): Promise<void> {
    if (instanceId === this.instanceId) this.deliver(type, payload);
    return Promise.resolve();
  }

  on<K extends ClusterMessageType>(type: K, handler: ClusterHandler<K>): void {
    this.handlers.add(type, handler);
  }

  private deliver(type: string, payload: unknown): void {
    for (const error of this.handlers.deliver(type, payload, this.instanceId)) {
      this.logger.error(`handler of ${type} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
}
