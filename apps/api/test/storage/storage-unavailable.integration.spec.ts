import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokenService } from '../../src/app/auth/access-token.service';
import { AuthController } from '../../src/app/auth/auth.controller';
import { GoogleIdTokenVerifier } from '../../src/app/auth/google-id-token.verifier';
import { PostgresRefreshFamiliesRepository } from '../../src/app/auth/postgres-refresh-families.repository';
import { RefreshFamiliesRepository } from '../../src/app/auth/refresh-families.repository';
import { RefreshTokenService } from '../../src/app/auth/refresh-token.service';
import { SessionEvents } from '../../src/app/auth/session-events';
import { SignInService } from '../../src/app/auth/sign-in.service';
import { ClusterBus } from '../../src/app/cluster/cluster-bus';
import { LocalClusterBus } from '../../src/app/cluster/local-cluster-bus';
import { ApiExceptionFilter } from '../../src/app/common/api-exception.filter';
import { loadAppConfig } from '../../src/app/config/app-config';
import { ConfigurationService } from '../../src/app/config/configuration.service';
import { DATABASE } from '../../src/app/storage/database';
import { POSTGRES_MIGRATIONS } from '../../src/app/storage/migrations/postgres';
import { PostgresDatabase } from '../../src/app/storage/postgres-database';
import { PostgresUsersRepository } from '../../src/app/users/postgres-users.repository';
import { UsersRepository } from '../../src/app/users/users.repository';
import { UsersService } from '../../src/app/users/users.service';
import { post, refresh, refreshCookieOf } from '../auth/auth-client';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * The sign-in endpoints on PostgreSQL, reached through a relay the test can cut: while
 * the database is unreachable they answer 503 STORAGE_UNAVAILABLE (with Retry-After),
 * never a 500 and never a 401 that would sign the user out; they recover by themselves.
 */
describe('sign-in while PostgreSQL is unreachable', () => {
  let pg: TestDatabase;
  let proxy: TcpProxy;
  let database: PostgresDatabase;
  let app: NestExpressApplication;
  let url: string;
  let dataDir: string;

  beforeAll(async () => {
    pg = await createTestDatabase('unavailable');
    const pgUrl = new URL(pg.url);
    proxy = await TcpProxy.start({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    database = await PostgresDatabase.open(proxy.rewrite(pg.url), POSTGRES_MIGRATIONS);
    dataDir = mkdtempSync(join(tmpdir(), 'pixel-wars-unavailable-'));
    const configuration = new ConfigurationService(
      loadAppConfig({ DATA_DIR: dataDir, DATABASE_URL: pg.url, JWT_SECRET: 'unavailable-secret-unavailable-secret-0123' }),
    );

    @Module({
      controllers: [AuthController],
      providers: [
        { provide: ConfigurationService, useValue: configuration },
        { provide: DATABASE, useValue: database },
        { provide: ClusterBus, useValue: new LocalClusterBus('solo') },
        { provide: UsersRepository, useValue: new PostgresUsersRepository(database) },
        { provide: RefreshFamiliesRepository, useValue: new PostgresRefreshFamiliesRepository(database) },
        UsersService,
        SessionEvents,
        AccessTokenService,
        RefreshTokenService,
        GoogleIdTokenVerifier,
        SignInService,
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    })
    class SignInOnly {}

    app = await NestFactory.create<NestExpressApplication>(SignInOnly, { logger: ['error'] });
    app.use(cookieParser());
    app.setGlobalPrefix('api');
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await database?.onApplicationShutdown();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 STORAGE_UNAVAILABLE while it is away and recovers without a restart', async () => {
    const first = await post(url, '/api/auth/dev', { name: 'Ada' });
    expect(first.status).toBe(200);
    const cookie = refreshCookieOf(first);

    await proxy.cut();
    const login = await post(url, '/api/auth/dev', { name: 'Grace' });
    expect(login.status).toBe(503);
    expect(login.headers.get('retry-after')).toBe('5');
    expect(await login.json()).toEqual({ code: 'STORAGE_UNAVAILABLE', message: expect.stringMatching(/database/) });
    const rotated = await refresh(url, cookie);
    expect(rotated.status).toBe(503);
    expect(refreshCookieOf(rotated)).toBeNull(); // the cookie is kept: the sign-in is not over
    expect(rotated.headers.getSetCookie()).toEqual([]);

    await proxy.restore();
    await expect.poll(async () => (await post(url, '/api/auth/dev', { name: 'Grace' })).status, { timeout: 10_000, interval: 200 }).toBe(200);
    expect((await refresh(url, cookie)).status).toBe(200);
  });
});
