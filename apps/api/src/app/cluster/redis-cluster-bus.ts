import { Logger, OnModuleInit } from '@nestjs/common';
import { ClusterBus, ClusterHandler, ClusterHandlers, ClusterMessages, ClusterMessageType } from './cluster-bus';
import { RedisService } from './redis.service';

const ALL = 'bus:all';
const inbox = (instanceId: string) => `bus:to:${instanceId}`;

interface Envelope {
  type: string;
  from: string;
  payload: unknown;
}

/**
 * The bus between instances over Redis pub/sub: one channel every instance listens to,
 * and one inbox per instance. A message to this instance itself never leaves the process.
 */
export class RedisClusterBus extends ClusterBus implements OnModuleInit {
  private readonly logger = new Logger('ClusterBus');
  private readonly handlers = new ClusterHandlers();

  constructor(
    private readonly redis: RedisService,
    readonly instanceId: string,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    const receive = (raw: Buffer) => this.receive(raw);
    await this.redis.subscribe(ALL, receive);
    await this.redis.subscribe(inbox(this.instanceId), receive);
  }

  async broadcast<K extends ClusterMessageType>(type: K, payload: ClusterMessages[K]): Promise<void> {
    await this.redis.publish(ALL, JSON.stringify({ type, from: this.instanceId, payload } satisfies Envelope));
  }

  async sendTo<K extends ClusterMessageType>(instanceId: string, type: K, payload: ClusterMessages[K]): Promise<void> {
    if (instanceId === this.instanceId) {
      this.deliver(type, payload, this.instanceId);
      return;
    }
    await this.redis.publish(inbox(instanceId), JSON.stringify({ type, from: this.instanceId, payload } satisfies Envelope));
  }

  on<K extends ClusterMessageType>(type: K, handler: ClusterHandler<K>): void {
    this.handlers.add(type, handler);
  }

  private receive(raw: Buffer): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw.toString()) as Envelope;
    } catch {
      this.logger.warn('dropped an unreadable bus message');
      return;
    }
    this.deliver(envelope.type, envelope.payload, envelope.from);
  }

  private deliver(type: string, payload: unknown, from: string): void {
    for (const error of this.handlers.deliver(type, payload, from)) {
      this.logger.error(`handler of ${type} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
}
