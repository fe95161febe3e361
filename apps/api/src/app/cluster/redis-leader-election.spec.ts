import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../../../test/support/redis';
import { LocalLeaderElection } from './leader-election';
import { RedisLeaderElection } from './redis-leader-election';
import { RedisService } from './redis.service';

const TTL = 600;
const EVERY = 150;

describe('leader election', () => {
  const prefix = uniqueRedisPrefix('leader');
  const services: RedisService[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.onApplicationShutdown();
  });
  afterAll(() => deleteRedisPrefix(prefix));

  async function candidates(n: number, job: string) {
    const running = new Set<string>();
    const starts: string[] = [];
    const elections = [];
    for (let i = 0; i < n; i++) {
      const redis = await RedisService.open(TEST_REDIS_URL, prefix);
      services.push(redis);
      const election = new RedisLeaderElection(redis, `i${i}`, TTL, EVERY);
      election.register(job, {
        start: () => {
          running.add(`i${i}`);
          starts.push(`i${i}`);
        },
        stop: () => {
          running.delete(`i${i}`);
        },
      });
      elections.push({ election, redis });
    }
    return { elections, running, starts };
  }

  it('runs a job on exactly one instance, and moves it when that instance dies', async () => {
    const { elections, running, starts } = await candidates(3, 'history');
    await expect.poll(() => running.size).toBe(1);
    await new Promise((r) => setTimeout(r, 3 * EVERY));
    expect(running.size).toBe(1);
    const leader = [...running][0];
    const index = Number(leader.slice(1));
    // the leader's process dies: no renewals, no release
    elections[index].redis.client.disconnect();
    clearInterval((elections[index].election as unknown as { timer: NodeJS.Timeout }).timer);
    running.delete(leader);
    const diedAt = Date.now();
    await expect.poll(() => running.size, { timeout: 5000 }).toBe(1);
    expect([...running][0]).not.toBe(leader);
    expect(Date.now() - diedAt).toBeLessThan(TTL + 3 * EVERY + 500);
    expect(starts).toHaveLength(2);
  });

  it('hands the job over at once on a clean shutdown', async () => {
    const { elections, running } = await candidates(2, 'stream');
    await expect.poll(() => running.size).toBe(1);
    const leader = [...running][0];
    await elections[Number(leader.slice(1))].election.stopAll();
    expect(running.has(leader)).toBe(false);
    await expect.poll(() => [...running], { timeout: 2000 }).toEqual([leader === 'i0' ? 'i1' : 'i0']);
  });

  it('a leader that cannot reach Redis stops its job', async () => {
    const { elections, running } = await candidates(1, 'bot');
    await expect.poll(() => running.size).toBe(1);
    elections[0].redis.client.disconnect(); // renewals fail from now on
    await expect.poll(() => running.size, { timeout: 3000 }).toBe(0);
  });

  it('runs every job at once with one process', async () => {
    const election = new LocalLeaderElection();
    const log: string[] = [];
    election.register('a', { start: () => void log.push('start a'), stop: () => void log.push('stop a') });
    await Promise.resolve();
    expect(election.leads('a')).toBe(true);
    await election.stopAll();
    expect(log).toEqual(['start a', 'stop a']);
  });
});
