import { describe, expect, it } from 'vitest';
import { ConfigError, loadAppConfig, MAX_TIMER_MS, redactUrl } from './app-config';

describe('loadAppConfig', () => {
  it('has the documented defaults', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({
      port: 3000,
      canvas: { width: 1000, height: 1000, snapshotEvery: 100, backgroundColor: 31 },
      cooldownMs: 5000,
      pixelCharges: 1,
      undoWindowMs: 5000,
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
    ['PIXEL_CHARGES', '0'],
    ['PIXEL_CHARGES', '1.5'],
    ['UNDO_WINDOW_MS', '-1'],
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
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', 'proxy.example'],
    ['MAX_SOCKETS_PER_IP', '0'],
    ['METRICS_TOKEN', 'short'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '10ms'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadAppConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadAppConfig({ [name]: value })).toThrow(name);
  });

  it('spaces periodic snapshots by SNAPSHOT_MIN_INTERVAL_MS, never more than GUEST_POLL_MS', () => {
    expect(loadAppConfig({}).canvas.snapshotMinIntervalMs).toBe(500);
    expect(loadAppConfig({ GUEST_POLL_MS: '200' }).canvas.snapshotMinIntervalMs).toBe(200);
    expect(loadAppConfig({ SNAPSHOT_MIN_INTERVAL_MS: '0' }).canvas.snapshotMinIntervalMs).toBe(0);
    expect(loadAppConfig({ SNAPSHOT_MIN_INTERVAL_MS: '500' }).canvas.snapshotMinIntervalMs).toBe(500);
    expect(loadAppConfig({ SNAPSHOT_MIN_INTERVAL_MS: '5000', GUEST_POLL_MS: '5000' }).canvas.snapshotMinIntervalMs).toBe(5000);
    expect(() => loadAppConfig({ SNAPSHOT_MIN_INTERVAL_MS: '6000' })).toThrow(/SNAPSHOT_MIN_INTERVAL_MS.*GUEST_POLL_MS/);
    expect(() => loadAppConfig({ SNAPSHOT_MIN_INTERVAL_MS: '-1' })).toThrow(ConfigError);
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
    const config = loadAppConfig({
      ALLOWED_ORIGINS: 'https://a.example/, https://b.example:8443',
      ADMIN_EMAILS: 'A@x.org, b@y.org',
      TELEGRAM_BOT_TOKEN: '123:abc-DEF',
      TELEGRAM_ADMIN_IDS: '1, 22',
    });
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(config.auth.adminEmails).toEqual(['a@x.org', 'b@y.org']);
    expect(config.telegram).toMatchObject({ adminIds: [1, 22] });
  });

  it('reads the Mini App sign-in settings with the bot token', () => {
    const config = loadAppConfig({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_AUTH_MAX_AGE_SEC: '3600', TELEGRAM_BOT_USERNAME: '@pixel_wars_bot' });
    expect(config.telegram).toMatchObject({ authMaxAgeSeconds: 3600, botUsername: 'pixel_wars_bot' });
    expect(loadAppConfig({ TELEGRAM_BOT_TOKEN: '123:abc' }).telegram).toMatchObject({ authMaxAgeSeconds: 86_400, botUsername: null });
    expect(() => loadAppConfig({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_AUTH_MAX_AGE_SEC: '0' })).toThrow(/TELEGRAM_AUTH_MAX_AGE_SEC/);
    expect(() => loadAppConfig({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_BOT_USERNAME: 'a b' })).toThrow(/TELEGRAM_BOT_USERNAME/);
  });

  it('reads the Android asset links: package and fingerprints together, fingerprints validated and normalised', () => {
    const hex = 'ab'.repeat(32);
    const colons = Array.from({ length: 32 }, (_, i) => (i % 16).toString(16).padStart(2, '0').toUpperCase()).join(':');
    expect(loadAppConfig({}).android).toBeNull();
    expect(loadAppConfig({ ANDROID_PACKAGE: 'com.example.pixelwars', ANDROID_CERT_SHA256: `${hex}, ${colons}` }).android).toEqual({
      packageName: 'com.example.pixelwars',
      certSha256: [Array(32).fill('AB').join(':'), colons],
    });
    expect(() => loadAppConfig({ ANDROID_PACKAGE: 'com.example.pixelwars' })).toThrow(/Missing ANDROID_CERT_SHA256/);
    expect(() => loadAppConfig({ ANDROID_CERT_SHA256: hex })).toThrow(/Missing ANDROID_PACKAGE/);
    expect(() => loadAppConfig({ ANDROID_PACKAGE: 'pixelwars', ANDROID_CERT_SHA256: hex })).toThrow(/Invalid ANDROID_PACKAGE/);
    expect(() => loadAppConfig({ ANDROID_PACKAGE: 'com.example.app', ANDROID_CERT_SHA256: 'AB:CD' })).toThrow(/Invalid ANDROID_CERT_SHA256/);
    expect(() => loadAppConfig({ ANDROID_PACKAGE: 'com.example.app', ANDROID_CERT_SHA256: `${hex},zz` })).toThrow(/Invalid ANDROID_CERT_SHA256/);
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
      const both = loadAppConfig({ DATABASE_URL: 'postgresql://db/pixels', REDIS_URL: 'redis://cache:6379', INSTANCE_ID: 'api-2', JWT_SECRET: 's'.repeat(32) });
      expect(both.redis).toEqual({ url: 'redis://cache:6379', keyPrefix: 'pw:' });
      expect(both.instanceId).toBe('api-2');
      expect(() => loadAppConfig({ REDIS_URL: 'redis://cache:6379' })).toThrow(/REDIS_URL requires DATABASE_URL/);
      // a random key per process would make every instance refuse the others' tokens
      expect(() => loadAppConfig({ DATABASE_URL: 'postgresql://db/pixels', REDIS_URL: 'redis://cache:6379' })).toThrow(
        /Missing JWT_SECRET: it is required when REDIS_URL is set/,
      );
    });

    it('never echoes a password in a start-up error', () => {
      for (const env of [
        { DATABASE_URL: 'mysql://u:hunter2@db/x' },
        { DATABASE_URL: 'postgres://u:hunter2@' },
        { DATABASE_URL: 'postgres://u:hunter2@db/x', REDIS_URL: 'http://:hunter2@cache' },
      ]) {
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

  describe('secrets never appear in start-up errors', () => {
    const cases: Array<[string, Record<string, string>, string[]]> = [
      ['TELEGRAM_BOT_TOKEN', { TELEGRAM_BOT_TOKEN: '987654:AAH-very-secret bot token' }, ['AAH-very-secret', '987654']],
      ['JWT_SECRET', { JWT_SECRET: 'too-short-but-secret' }, ['too-short-but-secret']],
      ['GOOGLE_CLIENT_SECRET', { GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: '   ' }, []],
      ['METRICS_TOKEN', { METRICS_TOKEN: 'tiny-secret' }, ['tiny-secret']],
      ['METRICS_TOKEN', { METRICS_TOKEN: 'a secret with spaces that is long' }, ['a secret with spaces']],
      ['STREAM_RTMP_URL', { STREAM_RTMP_URL: 'a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop' }, ['abcd-efgh-ijkl-mnop']],
      ['STREAM_RTMP_URL', { STREAM_RTMP_URL: 'http://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop' }, ['abcd-efgh-ijkl-mnop']],
      ['DATABASE_URL', { DATABASE_URL: 'mysql://pixels:hunter2-db-pass@db.example:5432/pixels' }, ['hunter2-db-pass']],
      ['REDIS_URL', { REDIS_URL: 'redis://:hunter3-redis-pass@cache.example:6379' }, ['hunter3-redis-pass']],
      ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'https://admin:pw-in-origin@pixels.example,nope' }, ['pw-in-origin']],
    ];
    it.each(cases)('%s %j', (name, env, secrets) => {
      let message = '';
      try {
        loadAppConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).not.toBe('');
      expect(message).toContain(name);
      expect(message.split('\n')).toHaveLength(1);
      for (const secret of secrets) expect(message).not.toContain(secret);
    });

    it('still shows ordinary values, and URLs with the password replaced', () => {
      expect(() => loadAppConfig({ CANVAS_WIDTH: 'abc' })).toThrow('Invalid CANVAS_WIDTH="abc": must be an integer');
      expect(() => loadAppConfig({ GOOGLE_CLIENT_ID: 'id', GOOGLE_AUTH_URL: 'ftp://user:topsecret@x' + ' y' })).toThrow(/GOOGLE_AUTH_URL/);
      try {
        loadAppConfig({ TRUST_PROXY: 'http://user:topsecret@proxy.example' });
      } catch (error) {
        expect((error as Error).message).toContain('<redacted>');
        expect((error as Error).message).not.toContain('topsecret');
      }
    });
  });

  describe('durations fit in a timer (≤ 2^31−1 ms)', () => {
    it.each(['HISTORY_EVERY_MS', 'HTTP_HEADERS_TIMEOUT_MS', 'HTTP_REQUEST_TIMEOUT_MS', 'HTTP_KEEP_ALIVE_TIMEOUT_MS'])('%s', (name) => {
      const env = name === 'HTTP_HEADERS_TIMEOUT_MS' ? { HTTP_REQUEST_TIMEOUT_MS: String(MAX_TIMER_MS) } : {};
      expect(() => loadAppConfig({ ...env, [name]: String(MAX_TIMER_MS + 1) })).toThrow(new RegExp(`${name}.*at most ${MAX_TIMER_MS}`));
      expect(() => loadAppConfig({ ...env, [name]: String(30 * 86_400_000) })).toThrow(ConfigError); // 30 days: fired every 1 ms before
      expect(loadAppConfig({ ...env, [name]: String(MAX_TIMER_MS) })).toBeTruthy();
    });

    it('every *_MS variable is bounded', () => {
      for (const name of [
        'COOLDOWN_MS',
        'AFK_AFTER_MS',
        'GUEST_POLL_MS',
        'TICK_MS',
        'TICK_MAX_MS',
        'ADMISSION_MAX_LOOP_DELAY_MS',
        'HISTORY_EVERY_MS',
        'GOOGLE_CERTS_TIMEOUT_MS',
      ]) {
        const env = name === 'GOOGLE_CERTS_TIMEOUT_MS' ? { GOOGLE_CLIENT_ID: 'id' } : {};
        expect(() => loadAppConfig({ ...env, [name]: '99999999999' }), name).toThrow(name);
      }
    });

    it('HTTP timeouts have defaults, and headers must come within the request timeout', () => {
      expect(loadAppConfig({}).http).toEqual({ headersTimeoutMs: 15_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 65_000 });
      expect(() => loadAppConfig({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(/HTTP_HEADERS_TIMEOUT_MS/);
    });
  });

  it('refuses dev login with NODE_ENV=production, in one line naming the setting', () => {
    expect(() => loadAppConfig({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(40), AUTH_DEV_LOGIN: 'true' })).toThrow(
      /^Invalid AUTH_DEV_LOGIN: .*NODE_ENV=production$/,
    );
    expect(loadAppConfig({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(40), AUTH_DEV_LOGIN: 'false' }).auth.devLogin).toBe(false);
  });

  it('parses TRUST_PROXY, METRICS_TOKEN and MAX_SOCKETS_PER_IP', () => {
    expect(loadAppConfig({}).trustProxy).toBeNull();
    expect(loadAppConfig({}).metricsToken).toBeNull();
    expect(loadAppConfig({}).maxSocketsPerIp).toBe(32);
    expect(loadAppConfig({ TRUST_PROXY: '0' }).trustProxy).toBeNull();
    expect(loadAppConfig({ TRUST_PROXY: 'false' }).trustProxy).toBeNull();
    expect(loadAppConfig({ TRUST_PROXY: '2' }).trustProxy).toEqual({ hops: 2 });
    expect(loadAppConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16 ,::1,loopback' }).trustProxy).toEqual({
      addresses: ['10.0.0.1', '192.168.0.0/16', '::1', 'loopback'],
    });
    expect(loadAppConfig({ METRICS_TOKEN: 'm'.repeat(24) }).metricsToken).toBe('m'.repeat(24));
    expect(loadAppConfig({ MAX_SOCKETS_PER_IP: '500' }).maxSocketsPerIp).toBe(500);
  });
});
