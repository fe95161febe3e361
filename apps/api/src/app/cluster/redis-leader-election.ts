import { Logger } from '@nestjs/common';
import { LeaderElection, LeaderJob, runStep } from './leader-election';
import { RedisService } from './redis.service';

/** A lock outlives its holder by at most this long; with ATTEMPT_EVERY_MS a dead leader is replaced within 10 s. */
export const LEADER_TTL_MS = 6000;
export const ATTEMPT_EVERY_MS = 2000;

// Renews the lock only while this instance holds it; 1 = renewed.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
// Releases the lock only if this instance holds it.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

interface Registered {
  job: LeaderJob;
  leading: boolean;
  /** Serialises start/stop of one job. */
  transition: Promise<void>;
}

/**
 * Leader election per job with Redis locks: `SET leader:<job> <instance> NX PX ttl`, renewed
 * by its holder every ATTEMPT_EVERY_MS through a compare-and-set script. A holder that
 * cannot renew (Redis away, lock lost) stops the job at once, before its lock could pass to
 * another instance; a dead holder's lock expires and another instance takes it.
 */
export class RedisLeaderElection extends LeaderElection {
  private readonly logger = new Logger('LeaderElection');
  private readonly jobs = new Map<string, Registered>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly redis: RedisService,
    private readonly instanceId: string,
    private readonly ttlMs = LEADER_TTL_MS,
    private readonly attemptEveryMs = ATTEMPT_EVERY_MS,
  ) {
    super();
  }

  register(name: string, job: LeaderJob): void {
    this.jobs.set(name, { job, leading: false, transition: Promise.resolve() });
    if (!this.timer && !this.stopped) {
      this.timer = setInterval(() => void this.round(), this.attemptEveryMs);
      this.timer.unref();
    }
    void this.attempt(name);
  }

  leads(name: string): boolean {
    return this.jobs.get(name)?.leading ?? false;
  }

  async stopAll(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(
      [...this.jobs.keys()].map(async (name) => {
        await this.setLeading(name, false);
        await this.redis.client.eval(RELEASE, 1, lockKey(name), this.instanceId).catch(() => undefined);
      }),
    );
  }

  private async round(): Promise<void> {
    await Promise.all([...this.jobs.keys()].map((name) => this.attempt(name)));
  }

  private async attempt(name: string): Promise<void> {
    const entry = this.jobs.get(name);
    if (!entry || this.stopped) return;
    let holds: boolean;
    try {
      if (entry.leading) {
        holds = (await this.redis.client.eval(RENEW, 1, lockKey(name), this.instanceId, this.ttlMs)) === 1;
        if (!holds) this.logger.warn(`lost the lead of ${name}`);
      } else {
        holds = (await this.redis.client.set(lockKey(name), this.instanceId, 'PX', this.ttlMs, 'NX')) === 'OK';
      }
    } catch (error) {
      if (entry.leading) this.logger.warn(`cannot renew the lead of ${name} (${(error as Error).message}); stopping it here`);
      holds = false;
    }
    await this.setLeading(name, holds);
  }

  private setLeading(name: string, leading: boolean): Promise<void> {
    const entry = this.jobs.get(name);
    if (!entry) return Promise.resolve();
    entry.transition = entry.transition.then(async () => {
      if (entry.leading === leading) return;
      entry.leading = leading;
      if (leading) {
        this.logger.log(`this instance (${this.instanceId}) now runs ${name}`);
        await runStep(
          () => entry.job.start(),
          (error) => this.logger.error(`job ${name} failed to start: ${error}`),
        );
      } else {
        await runStep(
          () => entry.job.stop(),
          (error) => this.logger.error(`job ${name} failed to stop: ${error}`),
        );
      }
    });
    return entry.transition;
  }
}

const lockKey = (name: string) => `leader:${name}`;
