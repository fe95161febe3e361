import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { SqliteDatabase } from '../storage/sqlite-database';
import { AdminAuditLog, AuditEntry } from './admin-audit-log';
import { SqliteAdminAuditRepository } from './sqlite-admin-audit.repository';
import { LOG_TEXT_MAX } from './log-text';

const entry = (action: string, args: string | null = null): AuditEntry => ({
  channel: 'telegram',
  actorId: '42',
  actorName: '@alice',
  action,
  args,
  result: 'ok',
  detail: null,
});

describe('AdminAuditLog', () => {
  let dir: string;
  let database: SqliteDatabase;

  beforeEach(() => {
    Logger.overrideLogger(['error']);
    dir = mkdtempSync(join(tmpdir(), 'pixel-wars-audit-'));
    database = new SqliteDatabase(new ConfigurationService(loadAppConfig({ DATA_DIR: dir })));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
    database.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => database.db.prepare('SELECT COUNT(*) FROM admin_audit_log').pluck().get() as number;

  it('logs arguments and names escaped and cut, so they cannot forge log lines', async () => {
    const lines: string[] = [];
    vi.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void lines.push(String(message)));
    vi.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void lines.push(String(message)));
    const audit = new AdminAuditLog(new SqliteAdminAuditRepository(database));
    const forged = 'x\n[Nest] 1  - 01/01/2030, 00:00:00     LOG [AdminAudit] telegram:1 (@root) /clear → ok';
    await audit.record({ ...entry('announce', `${forged}\u001b[2J${'y'.repeat(5000)}`), actorName: '@a\u202eevil', result: 'denied' });
    expect(lines).toHaveLength(1);
    const [line] = lines;
    // eslint-disable-next-line no-control-regex -- asserts that no control character is left
    expect(line).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
    expect(line).toContain('/announce x\\n[Nest] 1');
    expect(line).toContain('\\u202e');
    expect(line.length).toBeLessThan(LOG_TEXT_MAX + 120);
    // the stored text keeps what was typed (shown escaped by /audit), cut to its own bound
    const [stored] = await audit.latest(1);
    expect(stored.args?.startsWith(forged)).toBe(true);
    expect(stored.args!.length).toBeLessThanOrEqual(1000);
  });

  it('keeps at most maxRows entries, the newest', async () => {
    const audit = new AdminAuditLog(new SqliteAdminAuditRepository(database), { maxAgeMs: 86_400_000, maxRows: 5 });
    for (let i = 0; i < 12; i++) await audit.record(entry(`a${i}`));
    expect(rows()).toBe(5);
    expect((await audit.latest(10)).map((e) => e.action)).toEqual(['a11', 'a10', 'a9', 'a8', 'a7']);
  });

  it('drops entries older than maxAgeMs on the next write and at start-up', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2030-01-01T00:00:00Z');
    vi.setSystemTime(start);
    const audit = new AdminAuditLog(new SqliteAdminAuditRepository(database), { maxAgeMs: 3_600_000, maxRows: 1000 });
    await audit.record(entry('old'));
    vi.setSystemTime(start + 30 * 60_000);
    await audit.record(entry('recent'));
    vi.setSystemTime(start + 61 * 60_000);
    await audit.record(entry('new'));
    expect((await audit.latest(10)).map((e) => e.action)).toEqual(['new', 'recent']);

    vi.setSystemTime(start + 200 * 60_000);
    const restarted = new AdminAuditLog(new SqliteAdminAuditRepository(database), { maxAgeMs: 3_600_000, maxRows: 1000 });
    await restarted.onModuleInit();
    expect(rows()).toBe(0);
  });
});
