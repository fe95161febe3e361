import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementationFor, OpenedStorage, STORAGE_BACKENDS } from '../../../test/support/storage-backends';
import type { Database } from '../storage/database';
import { AdminAuditRepository, AuditEntry, AuditResult } from './admin-audit.repository';
import { AdminAuditLog } from './admin-audit-log';
import { PostgresAdminAuditRepository } from './postgres-admin-audit.repository';
import { SqliteAdminAuditRepository } from './sqlite-admin-audit.repository';

const entry = (action: string, result: AuditResult, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  channel: 'telegram',
  actorId: '42',
  actorName: '@boss',
  action,
  args: null,
  result,
  detail: null,
  ...extra,
});

describe.each(STORAGE_BACKENDS)('AdminAuditRepository contract on $name', (backend) => {
  let storage: OpenedStorage<Database>;
  let repo: AdminAuditRepository;

  beforeAll(async () => {
    storage = await backend.open('audit');
    repo = implementationFor<AdminAuditRepository>(storage.db, {
      sqlite: (db) => new SqliteAdminAuditRepository(db),
      postgres: (db) => new PostgresAdminAuditRepository(db),
    });
  });
  afterAll(async () => {
    await storage?.close();
  });

  it('appends entries and lists them newest first', async () => {
    await repo.append({ ...entry('clear', 'requested', { args: '3' }), at: 1_765_000_000_000 });
    await repo.append({ ...entry('clear', 'ok', { args: '3', detail: 'cleared to 3 at version 9' }), at: 1_765_000_000_500 });
    await repo.append({ ...entry('ban', 'denied', { actorId: '7', actorName: null }), at: 1_765_000_001_000 });
    const [latest, ok, requested] = await repo.latest(10);
    expect(latest).toEqual({
      id: expect.any(Number),
      at: 1_765_000_001_000,
      channel: 'telegram',
      actorId: '7',
      actorName: null,
      action: 'ban',
      args: null,
      result: 'denied',
      detail: null,
    });
    expect(ok).toMatchObject({ action: 'clear', result: 'ok', args: '3', detail: 'cleared to 3 at version 9', at: 1_765_000_000_500 });
    expect(requested.id).toBeLessThan(ok.id);
    expect((await repo.latest(1)).map((e) => e.id)).toEqual([latest.id]);
  });

  it('prunes entries past the age bound and beyond the row bound, newest kept', async () => {
    const t = 4_000_000_000_000; // later than every other entry of this file
    for (let i = 1; i <= 6; i++) await repo.append({ ...entry(`a${i}`, 'ok'), at: t + i * 1000 });
    expect(await repo.prune(t + 2500, 100)).toBeGreaterThanOrEqual(2); // a1, a2 (and older entries)
    expect((await repo.latest(10)).map((e) => e.action)).toEqual(['a6', 'a5', 'a4', 'a3']);
    expect(await repo.prune(0, 3)).toBe(1);
    expect((await repo.latest(10)).map((e) => e.action)).toEqual(['a6', 'a5', 'a4']);
  });

  it('refuses a result outside the known set', async () => {
    await expect(repo.append({ ...entry('x', 'bogus' as AuditResult), at: 1 })).rejects.toThrow();
  });

  it('AdminAuditLog clips long texts and never rejects when the store fails', async () => {
    const log = new AdminAuditLog(repo);
    await log.record(entry('announce', 'ok', { args: 'y'.repeat(5000) }));
    expect((await log.latest(1))[0].args).toHaveLength(1000);
    const failing = new AdminAuditLog({
      append: () => Promise.reject(new Error('database away')),
      latest: () => Promise.resolve([]),
      prune: () => Promise.resolve(0),
    });
    await expect(failing.record(entry('clear', 'failed'))).resolves.toBeUndefined();
  });
});
