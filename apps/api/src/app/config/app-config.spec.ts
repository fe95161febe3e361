import { describe, expect, it } from 'vitest';
import { ConfigError, loadAppConfig, redactUrl } from './app-config';

describe('loadAppConfig', () => {
  it('has the documented defaults', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({
      port: 3000,
      canvas: { width: 1000, height: 1000, snapshotEvery: 100, backgroundColor: 31 },
      cooldownMs: 5000,
      afkAfterMs: 120000,
      maxPlayers: 5000,
      guestPollMs: 5000,
      tickMs: 50,
      broadcastMaxLoopShare: 0.5,
      maxTickMs: 1000,
      rateLimit: { perMinute: 600, authPerMinute: 30 },
      allowedOrigins: ['http://localhost:3000'],
    });
    expect(config.canvas.palette).toHaveLength(32);
    expect(config.auth.devLogin).toBe(true);
    expect(config.auth.jwtSecretGenerated).toBe(true);
    expect(config.telegram).toBeNull();
    expect(config.history.everyMs).toBe(600000);
    expect(config.stream).toMatchObject({ rtmpUrl: null, fps: 2 });
  });

  it.each([
    ['CANVAS_WIDTH', 'abc'],
    ['CANVAS_WIDTH', '0'],
    ['CANVAS_HEIGHT', '4097'],
    ['PORT', '70000'],
    ['COOLDOWN_MS', '-5'],
    ['TICK_MS', '1.5'],
    ['BROADCAST_MAX_LOOP_PERCENT', '0'],
    ['BROADCAST_MAX_LOOP_PERCENT', '101'],
    ['AUTH_DEV_LOGIN', 'maybe'],
    ['ALLOWED_ORIGINS', 'not a url'],
    ['TELEGRAM_BOT_TOKEN', 'nope'],
    ['TELEGRAM_ADMIN_IDS', '12,abc'],
    ['CANVAS_PALETTE', '#fff,#000000'],
    ['JWT_SECRET', 'short'],
    ['DATABASE_URL', 'mysql://db/pixels'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'redis://127.0.0.1:6379'],
    ['INSTANCE_ID', 'a b'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadAppConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadAppConfig({ [name]: value })).toThrow(name);
  });

  it('requires JWT_SECRET in production and turns dev login off there', () => {
    expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    const config = loadAppConfig({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(40) });
    expect(config.auth.devLogin).toBe(false);
    expect(config.auth.jwtSecretGenerated).toBe(false);
  });

  it('turns dev login off when Google is configured, unless asked', () => {
    expect(loadAppConfig({ GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com' }).auth.devLogin).toBe(false);
    expect(loadAppConfig({ GOOGLE_CLIENT_ID: 'id', AUTH_DEV_LOGIN: 'true' }).auth.devLogin).toBe(true);
  });

  it('parses lists and keeps origins normalised', () => {
    const config = loadAppConfig({ ALLOWED_ORIGINS: 'https://a.example/, https://b.example:8443', ADMIN_EMAILS: 'A@x.org, b@y.org', TELEGRAM_BOT_TOKEN: '123:abc-DEF', TELEGRAM_ADMIN_IDS: '1, 22' });
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(config.auth.adminEmails).toEqual(['a@x.org', 'b@y.org']);
    expect(config.telegram).toMatchObject({ adminIds: [1, 22] });
  });

  describe('several instances (DATABASE_URL, REDIS_URL, INSTANCE_ID)', () => {
    it('runs embedded on SQLite without them', () => {
      const config = loadAppConfig({});
      expect(config.storage).toEqual({ kind: 'sqlite' });
      expect(config.redis).toBeNull();
      expect(config.instanceId).toMatch(/^[\w.-]+-\d+$/);
    });

    it('takes PostgreSQL alone, and Redis only with PostgreSQL', () => {
      expect(loadAppConfig({ DATABASE_URL: 'postgres://u:p@db:5432/pixels' }).storage).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/pixels' });
      const both = loadAppConfig({ DATABASE_URL: 'postgresql://db/pixels', REDIS_URL: 'redis://cache:6379', INSTANCE_ID: 'api-2' });
      expect(both.redis).toEqual({ url: 'redis://cache:6379', keyPrefix: 'pw:' });
      expect(both.instanceId).toBe('api-2');
      expect(() => loadAppConfig({ REDIS_URL: 'redis://cache:6379' })).toThrow(/REDIS_URL requires DATABASE_URL/);
    });

    it('never echoes a password in a start-up error', () => {
      for (const env of [{ DATABASE_URL: 'mysql://u:hunter2@db/x' }, { DATABASE_URL: 'postgres://u:hunter2@' }, { DATABASE_URL: 'postgres://u:hunter2@db/x', REDIS_URL: 'http://:hunter2@cache' }]) {
        let message = '';
        try {
          loadAppConfig(env);
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message).toMatch(/_URL/);
        expect(message).not.toContain('hunter2');
      }
      expect(redactUrl('postgres://u:hunter2@db:5432/x')).toBe('postgres://u:***@db:5432/x');
    });
  });
});
