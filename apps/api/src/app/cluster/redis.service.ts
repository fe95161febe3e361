import { Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { StartupError } from '../common/startup-error';
import { redactUrl } from '../config/app-config';

export type MessageHandler = (message: Buffer) => void;

/** Commands fail after this long instead of waiting for a connection that hangs. */
const COMMAND_TIMEOUT_MS = 2000;

/**
 * Redis for the cluster: one command connection (auto-pipelined: the commands issued in
 * one event-loop turn leave in one write), one subscriber connection, and dedicated
 * connections for blocking reads. Keys carry this deployment's prefix (REDIS_KEY_PREFIX);
 * channels get it too. While Redis is unreachable, commands fail at once (no offline
 * queue), so callers answer 503 rather than hang; connections come back by themselves.
 */
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis;
  private subscriber: Redis | null = null;
  private readonly handlers = new Map<string, MessageHandler[]>();
  private readonly extra: Redis[] = [];
  private closed = false;
  private wasReady = false;

  private constructor(
    private readonly url: string,
    readonly prefix: string,
  ) {
    this.client = this.connection('command');
    this.client.on('ready', () => {
      if (this.wasReady) this.logger.log('Redis connection restored');
      this.wasReady = true;
    });
    this.client.on('close', () => {
      if (this.wasReady && !this.closed) this.logger.warn('Redis connection lost; reconnecting');
    });
  }

  /** Connects and waits until Redis answers (up to `connectTimeoutMs`), else a StartupError. */
  static async open(url: string, prefix: string, connectTimeoutMs = 30_000): Promise<RedisService> {
    const service = new RedisService(url, prefix);
    const deadline = Date.now() + connectTimeoutMs;
    let lastError = 'no answer';
    while (Date.now() < deadline) {
      try {
        if (service.client.status === 'ready' && (await service.client.ping()) === 'PONG') return service;
      } catch (error) {
        lastError = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await service.onApplicationShutdown();
    throw new StartupError(`cannot reach Redis at ${redactUrl(url)}: ${lastError}`);
  }

  /** True while the command connection is up. */
  get ready(): boolean {
    return this.client.status === 'ready';
  }

  /** The full key name (for keys built into Lua scripts or sent as non-key arguments). */
  key(name: string): string {
    return this.prefix + name;
  }

  /** A further connection with the same settings, e.g. for blocking XREAD; closed at shutdown. */
  dedicatedConnection(name: string, overrides: Partial<RedisOptions> = {}): Redis {
    const connection = this.connection(name, { enableAutoPipelining: false, ...overrides });
    this.extra.push(connection);
    return connection;
  }

  async publish(channel: string, message: string | Buffer): Promise<void> {
    await this.client.publish(this.prefix + channel, message);
  }

  /** Delivers every message of `channel` (re-subscribed automatically after a reconnect). */
  async subscribe(channel: string, handler: MessageHandler): Promise<void> {
    const full = this.prefix + channel;
    const list = this.handlers.get(full);
    if (list) {
      list.push(handler);
      return;
    }
    this.handlers.set(full, [handler]);
    if (!this.subscriber) {
      this.subscriber = this.connection('subscriber', { enableOfflineQueue: true, commandTimeout: undefined });
      this.subscriber.on('messageBuffer', (channelBuffer: Buffer, message: Buffer) => {
        for (const h of this.handlers.get(channelBuffer.toString()) ?? []) {
          try {
            h(message);
          } catch (error) {
            this.logger.error(`handler of ${channelBuffer.toString()} failed: ${(error as Error).stack ?? error}`);
          }
        }
      });
    }
    await this.subscriber.subscribe(full);
  }

  private connection(name: string, overrides: Partial<RedisOptions> = {}): Redis {
    const connection = new Redis(this.url, {
      connectionName: `pixel-wars:${name}`,
      keyPrefix: this.prefix,
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
      commandTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
      ...overrides,
    });
    connection.on('error', (error) => {
      if (!this.closed) this.logger.debug?.(`${name} connection: ${error.message}`);
    });
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const all = [this.client, ...(this.subscriber ? [this.subscriber] : []), ...this.extra];
    await Promise.all(all.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
