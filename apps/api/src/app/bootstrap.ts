import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { AppLogger } from './common/app-logger';
import { ClientAddressResolver } from './common/client-address';
import { applyHttpTimeouts } from './common/http-timeouts';
import { requestPath } from './common/request-path';
import { acceptsHtml, apiSecurityHeaders, documentSecurityHeaders, isApiPath, SecurityHeaderOptions } from './common/security-headers';
import { AppConfig } from './config/app-config';
import { PixelIoAdapter } from './realtime/pixel-io.adapter';
import { TelegramWebhookGate } from './telegram/telegram-webhook.gate';

const JSON_BODY_LIMIT = 1024;
const TELEGRAM_WEBHOOK_PATH = '/api/telegram/webhook';

/** A template body: base64 of the largest template (4 characters per 3 bytes) plus the other fields. */
export function templateBodyLimit(maxSize: number): number {
  return Math.ceil((maxSize * maxSize) / 3) * 4 + 4096;
}

/**
 * Larger bodies only where the contract needs them: 2,000-character feedback (JSON-escaped
 * emoji can take 12 bytes each), Google credentials, Telegram init data and webhook updates,
 * templates (base64 of up to TEMPLATE_MAX_SIZE² bytes). Else 1 KiB. `strict` bodies must be
 * a JSON object or array (the sign-in and webhook bodies); the others may be any JSON value.
 */
function bodyRules(config: AppConfig): Array<{ prefix: string; limit: number; strict: boolean }> {
  return [
    { prefix: '/api/feedback', limit: 32 * 1024, strict: false },
    { prefix: '/api/auth/google', limit: 8 * 1024, strict: true }, // Google ID tokens are ~1.2 KB
    { prefix: '/api/templates', limit: templateBodyLimit(config.templates.maxSize), strict: false },
    { prefix: '/api/auth/telegram', limit: 8 * 1024, strict: true }, // Telegram init data: 0.5-2 KB
    { prefix: '/api/me/link', limit: 8 * 1024, strict: true },
    { prefix: TELEGRAM_WEBHOOK_PATH, limit: 256 * 1024, strict: true },
  ];
}

/** `/api/feedback` covers `/api/feedback` and `/api/feedback/...`, as a mount path does. */
function under(url: string, prefix: string): boolean {
  return url === prefix || url.startsWith(`${prefix}/`);
}

/** A JSON body that does not parse: status 400, answered by the exception filter. */
class BodyParseError extends Error {
  readonly status = 400;
}

/** Builds the configured application without listening (used by main.ts and integration tests). */
export async function createApp(config: AppConfig, logLevels?: LogLevel[]): Promise<NestFastifyApplication> {
  const addresses = new ClientAddressResolver(config.trustProxy);
  const adapter = new FastifyAdapter({
    // request.ip and request.protocol follow the same TRUST_PROXY rule as every limit and the socket handshake
    trustProxy: addresses.trustFunction,
    bodyLimit: JSON_BODY_LIMIT,
    logger: false,
    // /api/canvas/ is /api/canvas, as it was with Express
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bodyParser: false,
    logger: new AppLogger({ logLevels: logLevels ?? (config.production ? ['log', 'warn', 'error'] : ['log', 'warn', 'error', 'debug']) }),
    // A failing start-up (e.g. a corrupt database) rejects here instead of process.abort().
    abortOnError: false,
  });
  applyHttpTimeouts(app.getHttpServer(), config.http);
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const headerOptions: SecurityHeaderOptions = { production: config.production, telegram: config.telegram !== null };
  fastify.addHook('onRequest', apiSecurityHeaders(headerOptions));
  app.enableCors({ origin: config.allowedOrigins, credentials: true });
  registerJsonBodies(fastify, config, app.get(TelegramWebhookGate));
  await app.register(fastifyCookie);
  app.setGlobalPrefix('api', { exclude: ['.well-known/assetlinks.json'] });
  app.useWebSocketAdapter(new PixelIoAdapter(app, config));
  await serveWebApp(fastify, config, headerOptions);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  return app;
}

/**
 * Every API body is JSON: `application/json` is parsed (an empty body is `{}`), anything else
 * with a body is 415. Body limits per route as in bodyRules; over the limit is 413, unparseable
 * JSON is 400 (the exception filter turns both into `{code, message}`).
 */
function registerJsonBodies(fastify: FastifyInstance, config: AppConfig, gate: TelegramWebhookGate): void {
  const rules = bodyRules(config);
  const strictRoutes = new Set<string>();
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const rule = rules.find((r) => under(route.url, r.prefix));
    if (!rule) return;
    route.bodyLimit = rule.limit;
    if (rule.strict) strictRoutes.add(route.url);
  });
  // the webhook's secret and rate limit before the body is read, with or without the route (bot off: 404)
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith(TELEGRAM_WEBHOOK_PATH) || !under(requestPath(request), TELEGRAM_WEBHOOK_PATH)) return done();
    gate.check(request, reply).then(() => done(), done);
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(null, {});
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return done(new BodyParseError('invalid JSON body'), undefined);
    }
    if (strictRoutes.has(request.routeOptions.url ?? '') && (typeof value !== 'object' || value === null)) {
      return done(new BodyParseError('a JSON object or array is required'), undefined);
    }
    done(null, value);
  });
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > 0 || request.headers['transfer-encoding'] !== undefined) {
      return done(Object.assign(new Error('Request bodies must be application/json.'), { status: 415 }), undefined);
    }
    done(null, undefined);
  });
}

const HASHED_ASSET = /\.[0-9a-f]{8,}\.(js|css|woff2?)$/i;
const HASHED_CHUNK = /-[A-Z0-9]{8}\.(js|css)$/;

/**
 * Serves the built PWA at / with SPA fallback to index.html; /api and /socket.io stay the
 * API's. Its routes live in their own Fastify context with helmet's full header set.
 */
async function serveWebApp(fastify: FastifyInstance, config: AppConfig, headerOptions: SecurityHeaderOptions): Promise<void> {
  const root = config.webDistDir;
  if (!existsSync(join(root, 'index.html'))) {
    new Logger('Web').warn(`no built PWA at ${root}; run "npm run build:web" to serve it`);
    return;
  }
  await fastify.register(async (web) => {
    await web.register(fastifyHelmet, documentSecurityHeaders(headerOptions));
    await web.register(fastifyStatic, {
      root,
      index: false,
      // one route per built file: a missing file reaches the fallback below, not a 404
      wildcard: false,
      cacheControl: false,
      setHeaders: (reply, path) => {
        const hashed = HASHED_ASSET.test(path) || HASHED_CHUNK.test(path);
        void reply.header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // helmet's headers are applied by hand: an unknown /api path answered from here is still an API answer
    web.get('/*', { helmet: false }, (request: FastifyRequest, reply: FastifyReply) => {
      if (isApiPath(requestPath(request))) return reply.callNotFound();
      reply.helmet();
      if (!acceptsHtml(request.headers.accept)) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  });
}
