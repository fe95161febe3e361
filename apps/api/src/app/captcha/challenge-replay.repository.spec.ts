import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementationFor, OpenedStorage, STORAGE_BACKENDS } from '../../../test/support/storage-backends';
import type { Database } from '../storage/database';
import { ChallengeReplayRepository } from './challenge-replay.repository';
import { PostgresChallengeReplayRepository } from './postgres-challenge-replay.repository';
import { SqliteChallengeReplayRepository } from './sqlite-challenge-replay.repository';

describe.each(STORAGE_BACKENDS)('ChallengeReplayRepository contract on $name', (backend) => {
  let storage: OpenedStorage<Database>;
  let repo: ChallengeReplayRepository;

  beforeAll(async () => {
    storage = await backend.open('captcha');
    repo = implementationFor<ChallengeReplayRepository>(storage.db, {
      sqlite: (db) => new SqliteChallengeReplayRepository(db),
      postgres: (db) => new PostgresChallengeReplayRepository(db),
    });
  });
  afterAll(async () => {
    await storage?.close();
  });

  it('claims an id once, and purges only expired ids', async () => {
    expect(await repo.claim('a'.repeat(64), 2000)).toBe(true);
    expect(await repo.claim('a'.repeat(64), 2000)).toBe(false);
    expect(await repo.claim('b'.repeat(64), 5000)).toBe(true);
    expect(await repo.purge(3000)).toBe(1);
    expect(await repo.claim('b'.repeat(64), 5000)).toBe(false);
  });
});
