import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_BACKGROUND_COLOR, DEFAULT_PALETTE, MAX_CANVAS_DIMENSION } from '@pixel-wars/protocol';
import { compileProxyTrust, TrustProxySetting } from './trust-proxy';
import { displayValue, scrubValue } from './secret-redaction';

/** The whole server configuration, parsed once from the environment (docs/protocol.md 6). */
export interface AppConfig {
  production: boolean;
  port: number;
  dataDir: string;
  canvas: {
    width: number;
    height: number;
    palette: string[];
    backgroundColor: number;
    snapshotEvery: number;
    /** Periodic snapshots are at least this far apart (0: every `snapshotEvery` versions); ≤ guestPollMs. */
    snapshotMinIntervalMs: number;
    poolSize: number;
    checkpointEvery: number;
  };
  cooldownMs: number;
  /** Charges a player can hold; one comes back every cooldownMs (1 = the classic cooldown). */
  pixelCharges: number;
  /** How long the last placement can be undone (0 = off). */
  undoWindowMs: number;
  afkAfterMs: number;
  maxPlayers: number;
  guestPollMs: number;
  tickMs: number;
  /**
   * The broadcast may take at most this share of the event loop: when sending one tick to
   * every socket costs more than share × tickMs, the next tick waits longer (bounded by
   * maxTickMs), so placements keep their share of the CPU as sockets grow.
   */
  broadcastMaxLoopShare: number;
  maxTickMs: number;
  /** A socket whose unsent backlog exceeds this is dropped (slow consumer). */
  slowConsumerMaxBytes: number;
  /** Write `pixels` frames straight to idle WebSockets (false: plain Socket.IO emits; see realtime/engine-internals.ts). */
  realtimeDirectFrames: boolean;
  admission: { maxEventLoopDelayMs: number; maxBytesPerSecond: number };
  auth: {
    jwtSecret: string;
    jwtSecretGenerated: boolean;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    google: {
      clientId: string;
      clientSecret: string | null;
      authorizationUrl?: string;
      tokenUrl?: string;
      userProfileUrl?: string;
      /** Google's signing certificates (PEM); overridable for tests. */
      certsUrl?: string;
      /** Longest wait for Google's certificates before sign-in answers 503. */
      certsTimeoutMs: number;
    } | null;
    devLogin: boolean;
    adminEmails: string[];
  };
  telegram: {
    botToken: string;
    adminIds: number[];
    apiRoot: string | null;
    webhookUrl: string | null;
    /** Mini App init data older than this is refused (docs/protocol.md 10). */
    authMaxAgeSeconds: number;
    /** TELEGRAM_BOT_USERNAME; null = learn it from getMe. */
    botUsername: string | null;
  } | null;
  /** Android Digital Asset Links for a Trusted Web Activity; null = `/.well-known/assetlinks.json` answers 404. */
  android: { packageName: string; certSha256: string[] } | null;
  history: { everyMs: number; keep: number | null };
  stream: { rtmpUrl: string | null; fps: number; width: number; height: number };
  ffmpegPath: string;
  /** Shared templates (docs/protocol.md 9): the longest side, and how many one user may own per game. */
  templates: { maxSize: number; perUser: number };
  rateLimit: { perMinute: number; authPerMinute: number; feedbackPerMinute: number };
  /** Who counts as our proxy when resolving the client address (docs/protocol.md 8). */
  trustProxy: TrustProxySetting;
  /** Bearer token for `GET /api/metrics`; null = loopback peers only. */
  metricsToken: string | null;
  /** Concurrent Engine.IO connections per client address (IPv6: per /64). */
  maxSocketsPerIp: number;
  /** Node HTTP server timeouts (slow or idle clients cannot hold connections forever). */
  http: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number };
  allowedOrigins: string[];
  publicUrl: string;
  webDistDir: string;
  /** Where everything durable lives: the embedded SQLite file in dataDir, or PostgreSQL. */
  storage: { kind: 'sqlite' } | { kind: 'postgres'; url: string };
  /** Shared hot state and the channel between instances; null when running alone. */
  redis: { url: string; keyPrefix: string } | null;
  /** This process's name in a cluster (health, leader locks, logs). */
  instanceId: string;
  /** Proof-of-work challenges (ALTCHA format) for sign-in and automated-looking placements; null = CAPTCHA=off. */
  captcha: CaptchaConfig | null;
}

export interface CaptchaConfig {
  /** Upper bound of the secret number (the client tries on average half of it). */
  maxNumber: number;
  /** How long a challenge may be solved and used, once. */
  ttlMs: number;
  /** Placements in a row that must all look automated before a challenge is asked. */
  botStreak: number;
  /** "At the cooldown boundary": placed less than this long after the cooldown ended. */
  botWindowMs: number;
  /** "Near-constant timing": standard deviation of those delays below this. */
  botJitterMs: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const intIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be an integer')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** The longest delay `setTimeout`/`setInterval` can hold; longer ones fire after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** SNAPSHOT_MIN_INTERVAL_MS when unset (never above GUEST_POLL_MS). */
export const DEFAULT_SNAPSHOT_MIN_INTERVAL_MS = 500;

/** A duration in milliseconds: an integer in min..max, where max never exceeds MAX_TIMER_MS. */
const durationMs = (min: number, max: number = MAX_TIMER_MS) => {
  if (max > MAX_TIMER_MS) throw new RangeError(`a duration bound of ${max} ms exceeds what timers can hold`);
  return z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be an integer number of milliseconds')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `must be at least ${min} ms`)
        .max(max, max === MAX_TIMER_MS ? `must be at most ${MAX_TIMER_MS} ms (the longest timer Node can hold)` : `must be at most ${max} ms`),
    );
};

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']))
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const url = z.string().trim().url('must be a URL');

/** `WIDTHxHEIGHT`, both even (4:2:0 video), e.g. `1920x1080`. */
const videoSize = z
  .string()
  .trim()
  .regex(/^\d{2,4}x\d{2,4}$/, 'must be WIDTHxHEIGHT, e.g. 1920x1080')
  .transform((v) => {
    const [width, height] = v.split('x').map(Number);
    return { width, height };
  })
  .refine(({ width, height }) => width >= 16 && height >= 16 && width <= 3840 && height <= 2160, 'must be between 16x16 and 3840x2160')
  .refine(({ width, height }) => width % 2 === 0 && height % 2 === 0, 'width and height must be even');

function read<T>(env: Env, name: string, schema: z.ZodType<T, z.ZodTypeDef, string>, fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const result = schema.safeParse(raw);
  if (!result.success) throw invalid(name, raw, result.error.issues[0]?.message ?? 'invalid value');
  return result.data;
}

/** `Invalid NAME="value": reason`, the value redacted or left out when it is (or holds) a secret. */
function invalid(name: string, raw: string, reason: string): ConfigError {
  const shown = displayValue(name, raw);
  return new ConfigError(scrubValue(`Invalid ${name}${shown === null ? '' : `=${shown}`}: ${reason}`, name, raw));
}

/**
 * `TRUST_PROXY`: unset, `false` or `0` → no proxy; a number N → N proxy hops; else a
 * comma list of proxy addresses/CIDRs (and proxy-addr's `loopback`, `linklocal`,
 * `uniquelocal`). `true` ("trust every hop") is refused: any client could then name
 * its own address in `X-Forwarded-For`.
 */
function readTrustProxy(env: Env): TrustProxySetting {
  const raw = env['TRUST_PROXY']?.trim();
  if (raw === undefined || raw === '' || raw.toLowerCase() === 'false') return null;
  if (raw.toLowerCase() === 'true') {
    throw invalid('TRUST_PROXY', raw, 'give the number of proxy hops (e.g. 1) or their addresses; "true" would let any client choose its own address');
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) throw invalid('TRUST_PROXY', raw, 'must be at most 10 hops');
    return hops === 0 ? null : { hops };
  }
  const addresses = raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const setting = { addresses };
  try {
    compileProxyTrust(setting);
  } catch (error) {
    throw invalid('TRUST_PROXY', raw, `must be a hop count or a comma list of addresses/CIDRs (${(error as Error).message})`);
  }
  return setting;
}

function readOptional<T>(env: Env, name: string, schema: z.ZodType<T, z.ZodTypeDef, string>): T | null {
  return read<T | null>(env, name, schema as z.ZodType<T | null, z.ZodTypeDef, string>, null);
}

/** Parses and validates the environment; throws ConfigError naming the first bad variable. */
export function loadAppConfig(env: Env = process.env): AppConfig {
  const production = env['NODE_ENV'] === 'production';
  const port = read(env, 'PORT', intIn(0, 65535), 3000);

  const palette = read(
    env,
    'CANVAS_PALETTE',
    list.pipe(
      z
        .array(z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colours must be #rrggbb'))
        .min(2)
        .max(256),
    ),
    [...DEFAULT_PALETTE],
  ).map((c: string) => c.toLowerCase());
  const backgroundColor = read(env, 'CANVAS_BACKGROUND', intIn(0, palette.length - 1), Math.min(DEFAULT_BACKGROUND_COLOR, palette.length - 1));
  const snapshotEvery = read(env, 'SNAPSHOT_EVERY', intIn(1, 1_000_000), 100);
  const guestPollMs = read(env, 'GUEST_POLL_MS', durationMs(100, 3_600_000), 5000);
  // At most two compressions a second by default: above 200 placements/s, snapshots every 100 versions would
  // keep a thread-pool core compressing (docs/benchmarks.md, issue 17); capped by the freshness bound.
  const snapshotMinIntervalMs = read(env, 'SNAPSHOT_MIN_INTERVAL_MS', durationMs(0, 3_600_000), Math.min(DEFAULT_SNAPSHOT_MIN_INTERVAL_MS, guestPollMs));
  if (snapshotMinIntervalMs > guestPollMs) {
    throw new ConfigError(
      `Invalid SNAPSHOT_MIN_INTERVAL_MS=${snapshotMinIntervalMs}: must not exceed GUEST_POLL_MS (${guestPollMs}), the snapshot freshness bound`,
    );
  }

  const jwtSecretRaw = env['JWT_SECRET'];
  if (production && !jwtSecretRaw) throw new ConfigError('Missing JWT_SECRET: it is required when NODE_ENV=production');
  if (jwtSecretRaw !== undefined && jwtSecretRaw.length < 32) throw new ConfigError('Invalid JWT_SECRET: must be at least 32 characters');

  const googleClientId = readOptional(env, 'GOOGLE_CLIENT_ID', z.string().trim().min(1));
  const googleClientSecret = readOptional(env, 'GOOGLE_CLIENT_SECRET', z.string().trim().min(1));
  const devLogin = read(env, 'AUTH_DEV_LOGIN', bool, !googleClientId && !production);
  if (devLogin && production) {
    throw new ConfigError('Invalid AUTH_DEV_LOGIN: dev login lets anyone sign in as any name and cannot be enabled with NODE_ENV=production');
  }

  const telegramToken = readOptional(
    env,
    'TELEGRAM_BOT_TOKEN',
    z
      .string()
      .trim()
      .regex(/^\d+:[\w-]+$/, 'must look like 123456:ABC-DEF'),
  );
  const telegramAdminIds = read(
    env,
    'TELEGRAM_ADMIN_IDS',
    list.pipe(z.array(z.string().regex(/^\d+$/, 'must be numeric Telegram user ids').transform(Number))),
    [],
  );

  const tickMs = read(env, 'TICK_MS', durationMs(5, 10_000), 50);
  const headersTimeoutMs = read(env, 'HTTP_HEADERS_TIMEOUT_MS', durationMs(1000), 15_000);
  const requestTimeoutMs = read(env, 'HTTP_REQUEST_TIMEOUT_MS', durationMs(1000), 30_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(`Invalid HTTP_HEADERS_TIMEOUT_MS=${headersTimeoutMs}: must not exceed HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  }
  const publicUrl = read(
    env,
    'PUBLIC_URL',
    url.transform((u) => u.replace(/\/+$/, '')),
    `http://localhost:${port}`,
  );
  const allowedOrigins = read(env, 'ALLOWED_ORIGINS', list.pipe(z.array(url.transform((u) => new URL(u).origin))), [new URL(publicUrl).origin]);

  const databaseUrl = readServiceUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/database');
  const redisUrl = readServiceUrl(env, 'REDIS_URL', ['redis:', 'rediss:'], 'redis://host:6379');
  if (redisUrl && !databaseUrl) {
    throw new ConfigError('REDIS_URL requires DATABASE_URL: several instances share PostgreSQL for durable state and Redis for hot state');
  }
  if (redisUrl && !jwtSecretRaw) {
    throw new ConfigError('Missing JWT_SECRET: it is required when REDIS_URL is set, so that every instance signs and checks access tokens with the same key');
  }

  return {
    production,
    port,
    dataDir: resolve(read(env, 'DATA_DIR', z.string().trim().min(1), './data')),
    canvas: {
      width: read(env, 'CANVAS_WIDTH', intIn(1, MAX_CANVAS_DIMENSION), 1000),
      height: read(env, 'CANVAS_HEIGHT', intIn(1, MAX_CANVAS_DIMENSION), 1000),
      palette,
      backgroundColor,
      snapshotEvery,
      snapshotMinIntervalMs,
      poolSize: read(env, 'POOL_SIZE', intIn(100, 10_000_000), Math.max(10_000, snapshotEvery * 4)),
      checkpointEvery: read(env, 'CHECKPOINT_EVERY', intIn(1, 100_000_000), 100_000),
    },
    cooldownMs: read(env, 'COOLDOWN_MS', durationMs(0, 86_400_000), 5000),
    pixelCharges: read(env, 'PIXEL_CHARGES', intIn(1, 1000), 1),
    undoWindowMs: read(env, 'UNDO_WINDOW_MS', durationMs(0, 3_600_000), 5000),
    afkAfterMs: read(env, 'AFK_AFTER_MS', durationMs(100, 86_400_000), 120_000),
    maxPlayers: read(env, 'MAX_PLAYERS', intIn(0, 10_000_000), 5000),
    guestPollMs,
    tickMs,
    broadcastMaxLoopShare: read(env, 'BROADCAST_MAX_LOOP_PERCENT', intIn(5, 100), 50) / 100,
    maxTickMs: Math.max(tickMs, read(env, 'TICK_MAX_MS', durationMs(5, 60_000), 1000)),
    slowConsumerMaxBytes: read(env, 'SLOW_CONSUMER_MAX_BYTES', intIn(1024, 1024 * 1024 * 1024), 1024 * 1024),
    realtimeDirectFrames: read(env, 'REALTIME_DIRECT_FRAMES', bool, true),
    admission: {
      maxEventLoopDelayMs: read(env, 'ADMISSION_MAX_LOOP_DELAY_MS', durationMs(1, 60_000), 200),
      maxBytesPerSecond: read(env, 'ADMISSION_MAX_BYTES_PER_SEC', intIn(1, Number.MAX_SAFE_INTEGER), 100 * 1024 * 1024),
    },
    auth: {
      jwtSecret: jwtSecretRaw ?? randomBytes(48).toString('base64url'),
      jwtSecretGenerated: jwtSecretRaw === undefined,
      accessTtlSeconds: read(env, 'ACCESS_TOKEN_TTL_SEC', intIn(10, 86_400), 900),
      refreshTtlSeconds: read(env, 'REFRESH_TOKEN_TTL_SEC', intIn(60, 90 * 86_400), 7 * 86_400),
      google: googleClientId
        ? {
            clientId: googleClientId,
            clientSecret: googleClientSecret,
            authorizationUrl: readOptional(env, 'GOOGLE_AUTH_URL', url) ?? undefined,
            tokenUrl: readOptional(env, 'GOOGLE_TOKEN_URL', url) ?? undefined,
            userProfileUrl: readOptional(env, 'GOOGLE_USERINFO_URL', url) ?? undefined,
            certsUrl: readOptional(env, 'GOOGLE_CERTS_URL', url) ?? undefined,
            certsTimeoutMs: read(env, 'GOOGLE_CERTS_TIMEOUT_MS', durationMs(100, 60_000), 5000),
          }
        : null,
      devLogin,
      adminEmails: read(env, 'ADMIN_EMAILS', list, []).map((e) => e.toLowerCase()),
    },
    telegram: telegramToken
      ? {
          botToken: telegramToken,
          adminIds: telegramAdminIds,
          apiRoot: readOptional(env, 'TELEGRAM_API_ROOT', url),
          webhookUrl: readOptional(env, 'TELEGRAM_WEBHOOK_URL', url),
          authMaxAgeSeconds: read(env, 'TELEGRAM_AUTH_MAX_AGE_SEC', intIn(10, 30 * 86_400), 86_400),
          botUsername: readOptional(
            env,
            'TELEGRAM_BOT_USERNAME',
            z
              .string()
              .trim()
              .transform((v) => v.replace(/^@/, ''))
              .pipe(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{4,31}$/, 'must be a bot username such as pixel_wars_bot')),
          ),
        }
      : null,
    android: readAndroid(env),
    history: {
      everyMs: read(env, 'HISTORY_EVERY_MS', durationMs(1000), 600_000),
      keep: readOptional(env, 'HISTORY_KEEP', intIn(1, 10_000_000)),
    },
    stream: {
      rtmpUrl: readOptional(
        env,
        'STREAM_RTMP_URL',
        z
          .string()
          .trim()
          .regex(/^(rtmps?|file|srt|udp|tcp):\/\/|^\//, 'must be an rtmp(s):// URL or a file path'),
      ),
      fps: read(env, 'STREAM_FPS', intIn(1, 60), 2),
      ...read(env, 'STREAM_SIZE', videoSize, { width: 1920, height: 1080 }),
    },
    ffmpegPath: read(env, 'FFMPEG_PATH', z.string().trim().min(1), 'ffmpeg'),
    templates: {
      maxSize: read(env, 'TEMPLATE_MAX_SIZE', intIn(1, MAX_CANVAS_DIMENSION), 512),
      perUser: read(env, 'TEMPLATES_PER_USER', intIn(0, 10_000), 10),
    },
    rateLimit: {
      perMinute: read(env, 'RATE_LIMIT_PER_MIN', intIn(1, 100_000_000), 600),
      authPerMinute: read(env, 'AUTH_RATE_LIMIT_PER_MIN', intIn(1, 100_000_000), 30),
      feedbackPerMinute: read(env, 'FEEDBACK_RATE_LIMIT_PER_MIN', intIn(1, 100_000_000), 5),
    },
    trustProxy: readTrustProxy(env),
    metricsToken: readOptional(
      env,
      'METRICS_TOKEN',
      z
        .string()
        .trim()
        .min(16, 'must be at least 16 characters')
        .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    ),
    maxSocketsPerIp: read(env, 'MAX_SOCKETS_PER_IP', intIn(1, 10_000_000), 32),
    http: {
      headersTimeoutMs,
      requestTimeoutMs,
      keepAliveTimeoutMs: read(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', durationMs(1000), 65_000),
    },
    allowedOrigins,
    publicUrl,
    webDistDir: resolve(read(env, 'WEB_DIST_DIR', z.string().trim().min(1), 'dist/apps/web/browser')),
    storage: databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'sqlite' },
    redis: redisUrl
      ? {
          url: redisUrl,
          keyPrefix: read(
            env,
            'REDIS_KEY_PREFIX',
            z
              .string()
              .trim()
              .regex(/^[\w:.-]{1,64}$/, 'must be 1-64 letters, digits or _ : . -'),
            'pw:',
          ),
        }
      : null,
    captcha: readCaptcha(env),
    instanceId: read(
      env,
      'INSTANCE_ID',
      z
        .string()
        .trim()
        .regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits or _ . -'),
      defaultInstanceId(),
    ),
  };
}

/** Java-style application id, e.g. `com.example.pixelwars`. */
const ANDROID_PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
/** A signing certificate's SHA-256: 32 hex bytes, colon-separated (as keytool prints it) or not. */
const CERT_SHA256 = /^(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$/;

/** ANDROID_PACKAGE + ANDROID_CERT_SHA256 (comma list), both or neither; fingerprints normalised to `AA:BB:…`. */
function readAndroid(env: Env): AppConfig['android'] {
  const packageName = readOptional(
    env,
    'ANDROID_PACKAGE',
    z.string().trim().regex(ANDROID_PACKAGE, 'must be an Android application id such as com.example.pixelwars'),
  );
  const certSha256 = readOptional<string[]>(
    env,
    'ANDROID_CERT_SHA256',
    list.pipe(
      z
        .array(z.string().regex(CERT_SHA256, 'must be SHA-256 fingerprints (32 hex bytes, e.g. AB:CD:…), comma-separated'))
        .min(1, 'must name at least one fingerprint'),
    ),
  );
  if (!packageName && !certSha256) return null;
  if (!packageName) throw new ConfigError('Missing ANDROID_PACKAGE: it is required when ANDROID_CERT_SHA256 is set');
  if (!certSha256) throw new ConfigError('Missing ANDROID_CERT_SHA256: it is required when ANDROID_PACKAGE is set');
  const normalised = certSha256.map((f) => f.replace(/:/g, '').toUpperCase().match(/../g)!.join(':'));
  return { packageName, certSha256: [...new Set(normalised)] };
}

function readCaptcha(env: Env): CaptchaConfig | null {
  const mode = read(
    env,
    'CAPTCHA',
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['off', 'pow'])),
    'off',
  );
  if (mode === 'off') return null;
  return {
    maxNumber: read(env, 'CAPTCHA_MAX_NUMBER', intIn(1000, 10_000_000), 100_000),
    ttlMs: read(env, 'CAPTCHA_TTL_MS', durationMs(10_000, 3_600_000), 300_000),
    botStreak: read(env, 'CAPTCHA_BOT_STREAK', intIn(3, 1000), 8),
    botWindowMs: read(env, 'CAPTCHA_BOT_WINDOW_MS', durationMs(1, 60_000), 1500),
    botJitterMs: read(env, 'CAPTCHA_BOT_JITTER_MS', durationMs(1, 10_000), 120),
  };
}

function defaultInstanceId(): string {
  return `${hostname()
    .replace(/[^\w.-]/g, '-')
    .slice(0, 40)}-${process.pid}`;
}

/**
 * A service URL whose scheme must be one of `protocols`. Errors never print the value
 * (it may carry a password): only the variable, the reason and an example.
 */
function readServiceUrl(env: Env, name: string, protocols: string[], example: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`Invalid ${name}: not a URL (expected e.g. ${example}; the value is not shown because it may hold a password)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`Invalid ${name}: the scheme must be ${protocols.map((p) => `${p}//`).join(' or ')} (e.g. ${example})`);
  }
  if (!parsed.hostname) throw new ConfigError(`Invalid ${name}: no host (expected e.g. ${example})`);
  return raw;
}

/** The URL with its password replaced by "***", for logs and error messages. */
export function redactUrl(raw: string): string {
  try {
    const parsed = new URL(raw);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
