import { Inject, Injectable, Optional } from '@nestjs/common';
import type { HealthResponse } from '@pixel-wars/protocol';
import { RedisService } from '../cluster/redis.service';
import { ConfigurationService } from '../config/configuration.service';
import { Database, DATABASE } from '../storage/database';

/** A database check is reused this long, so health probes never pile up on a slow database. */
const PING_REUSE_MS = 1000;

/** Liveness/readiness: up, or degraded while PostgreSQL or Redis is unreachable (PROTOCOL §7). */
@Injectable()
export class HealthService {
  private lastPing: { at: number; ok: Promise<boolean> } | null = null;

  constructor(
    private readonly configuration: ConfigurationService,
    @Inject(DATABASE) private readonly database: Database,
    @Optional() private readonly redis?: RedisService,
  ) {}

  async report(): Promise<HealthResponse> {
    const { storage, redis, instanceId } = this.configuration.config;
    const databaseUp = await this.databaseUp();
    const redisUp = redis ? (this.redis?.ready ?? false) : false;
    const degraded = !databaseUp || (redis !== null && !redisUp);
    return {
      status: degraded ? 'degraded' : 'ok',
      uptimeSeconds: Math.round(process.uptime()),
      instance: instanceId,
      storage: storage.kind,
      redis: redisUp,
    };
  }

  private databaseUp(): Promise<boolean> {
    if (this.database.kind === 'sqlite') return Promise.resolve(this.database.db.open);
    const now = Date.now();
    if (!this.lastPing || now - this.lastPing.at >= PING_REUSE_MS) this.lastPing = { at: now, ok: this.database.ping() };
    return this.lastPing.ok;
  }
}
