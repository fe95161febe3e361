import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { RedisService } from '../cluster/redis.service';
import { ChangeRun } from './change-run';
import { ChangeFeed, FeedSubscriber } from './change-feed';
import type { GameRecord } from './placement-log.repository';

const STREAM = 'changes';
/** Entries kept in the stream (approximate trim); a late instance reads the rest from PostgreSQL. */
const STREAM_MAX_ENTRIES = 100_000;
const READ_COUNT = 1000;
const READ_BLOCK_MS = 1000;
const HEAD_POLL_MS = 1000;

/**
 * Committed runs through one Redis Stream: the committer XADDs each run after its commit,
 * every instance XREADs the stream from where it stood before recovering. Publishing is
 * best effort — a run whose XADD fails (Redis away) or that a committer never published
 * (it died right after COMMIT) still reaches everyone through the applier's gap fill,
 * prompted by a later run or by the head poll every second.
 */
export class RedisChangeFeed extends ChangeFeed {
  private readonly logger = new Logger('ChangeFeed');
  private lastId = '0-0';
  private reader: Redis | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private headTimer: NodeJS.Timeout | null = null;
  private publishFailures = 0;

  constructor(private readonly redis: RedisService) {
    super();
  }

  async mark(): Promise<void> {
    const last = await this.redis.client.xrevrange(STREAM, '+', '-', 'COUNT', 1);
    this.lastId = last[0]?.[0] ?? '0-0';
  }

  async start(subscriber: FeedSubscriber): Promise<void> {
    this.running = true;
    this.reader = this.redis.dedicatedConnection('change-feed', { commandTimeout: READ_BLOCK_MS + 4000, enableOfflineQueue: true });
    this.loop = this.readLoop(subscriber);
    this.headTimer = setInterval(() => {
      subscriber.readHead().then(
        (head) => subscriber.noteHead(head.version),
        () => undefined, // the database is away: reads go on from memory; the next poll retries
      );
    }, HEAD_POLL_MS);
    this.headTimer.unref();
    return Promise.resolve();
  }

  publish(run: ChangeRun): void {
    const fields: (string | Buffer | number)[] = [
      'v',
      run.firstVersion,
      'g',
      run.game,
      't',
      run.placedAt,
      'r',
      Buffer.from(run.records.buffer, run.records.byteOffset, run.records.byteLength),
    ];
    if (run.opensGame) fields.push('o', JSON.stringify(run.opensGame));
    this.redis.client.xadd(STREAM, 'MAXLEN', '~', STREAM_MAX_ENTRIES, '*', ...fields).then(
      () => {
        if (this.publishFailures > 0) this.logger.log(`publishing runs again after ${this.publishFailures} failure(s)`);
        this.publishFailures = 0;
      },
      (error: Error) => {
        if (this.publishFailures++ === 0)
          this.logger.warn(`could not publish run ${run.firstVersion}: ${error.message} (other instances will read it from the log)`);
      },
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.headTimer) clearInterval(this.headTimer);
    this.headTimer = null;
    this.reader?.disconnect();
    await this.loop;
  }

  private async readLoop(subscriber: FeedSubscriber): Promise<void> {
    let failures = 0;
    while (this.running && this.reader) {
      try {
        const result = await this.reader.xreadBuffer('COUNT', READ_COUNT, 'BLOCK', READ_BLOCK_MS, 'STREAMS', STREAM, this.lastId);
        failures = 0;
        for (const [, entries] of result ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id.toString();
            const run = decodeRun(fields);
            if (run) subscriber.deliver(run);
            else this.logger.warn(`skipped an unreadable stream entry ${this.lastId}`);
          }
        }
      } catch (error) {
        if (!this.running) return;
        if (failures++ === 0) this.logger.warn(`reading the change stream failed: ${(error as Error).message}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * failures)));
      }
    }
  }
}

function decodeRun(fields: Buffer[]): ChangeRun | null {
  const values = new Map<string, Buffer>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i].toString(), fields[i + 1]);
  const v = Number(values.get('v')?.toString());
  const g = Number(values.get('g')?.toString());
  const t = Number(values.get('t')?.toString());
  const r = values.get('r');
  if (!Number.isSafeInteger(v) || !Number.isSafeInteger(g) || !Number.isFinite(t) || !r || r.length === 0 || r.length % 5 !== 0) return null;
  const o = values.get('o');
  const run: ChangeRun = { firstVersion: v, game: g, placedAt: t, records: new Uint8Array(r.buffer, r.byteOffset, r.byteLength) };
  if (o) run.opensGame = JSON.parse(o.toString()) as GameRecord;
  return run;
}
