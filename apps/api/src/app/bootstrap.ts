import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { errorBodyFor } from './api-exception.filter';
import { AppLogger } from './common/app-logger';
import { ClientAddressResolver } from './common/client-address';
import { applyHttpTimeouts } from './common/http-timeouts';
import { AppConfig } from './config/app-config';
import { PixelIoAdapter } from './realtime/pixel-io.adapter';
import { TelegramWebhookGate } from './telegram/telegram-webhook.gate';

const JSON_BODY_LIMIT = '1kb';
const TELEGRAM_WEB_APP_SCRIPT = 'https://telegram.org/js/telegram-web-app.js';
const TELEGRAM_WEB_ORIGIN = 'https://web.telegram.org';

/** A template body: base64 of the largest template (4 characters per 3 bytes) plus the other fields. */
export function templateBodyLimit(maxSize: number): number {
  return Math.ceil((maxSize * maxSize) / 3) * 4 + 4096;
}

/** Builds the configured application without listening (used by main.ts and integration tests). */
export async function createApp(config: AppConfig, logLevels?: LogLevel[]): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: new AppLogger({ logLevels: logLevels ?? (config.production ? ['log', 'warn', 'error'] : ['log', 'warn', 'error', 'debug']) }),
    // A failing start-up (e.g. a corrupt database) rejects here instead of process.abort().
    abortOnError: false,
  });
  applyHttpTimeouts(app.getHttpServer(), config.http);
  // req.ip and req.protocol follow the same TRUST_PROXY rule as every limit and the socket handshake.
  app.set('trust proxy', app.get(ClientAddressResolver).trustFunction);
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // the Mini App script loads only inside Telegram (the PWA decides); allowed when the bot exists
          scriptSrc: ["'self'", 'https://accounts.google.com/gsi/client', ...(config.telegram ? [TELEGRAM_WEB_APP_SCRIPT] : [])],
          styleSrc: ["'self'", "'unsafe-inline'", 'https://accounts.google.com/gsi/style'],
          imgSrc: ["'self'", 'data:', 'blob:', 'https://*.googleusercontent.com'],
          connectSrc: ["'self'", 'https://accounts.google.com/gsi/'],
          frameSrc: ['https://accounts.google.com/gsi/'],
          workerSrc: ["'self'"],
          manifestSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          // Telegram Web (web.telegram.org) shows Mini Apps in an iframe; the apps use a webview
          frameAncestors: config.telegram ? [TELEGRAM_WEB_ORIGIN] : ["'none'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: config.production ? [] : null,
        },
      },
      crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
      // X-Frame-Options cannot name another origin; CSP frame-ancestors decides where framing is allowed
      frameguard: config.telegram ? false : { action: 'sameorigin' },
      hsts: config.production,
    }),
  );
  app.enableCors({ origin: config.allowedOrigins, credentials: true });
  app.use('/api', rejectNonJsonBodies);
  // Larger bodies only where the contract needs them: 2,000-character feedback (JSON-escaped
  // emoji can take 12 bytes each), Google credentials and Telegram webhook updates. Else 1 KiB.
  app.use('/api/feedback', express.json({ limit: '32kb', strict: false }));
  app.use('/api/auth/google', express.json({ limit: '8kb' })); // Google ID tokens are ~1.2 KB
  app.use('/api/templates', express.json({ limit: templateBodyLimit(config.templates.maxSize), strict: false }));
  app.use(['/api/auth/telegram', '/api/me/link'], express.json({ limit: '8kb' })); // Telegram init data: 0.5-2 KB
  app.use('/api/telegram/webhook', app.get(TelegramWebhookGate).middleware); // secret and rate limit before the body is read
  app.use('/api/telegram/webhook', express.json({ limit: '256kb' }));
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT, strict: false });
  app.use(cookieParser());
  app.use(bodyParserErrors);
  app.setGlobalPrefix('api', { exclude: ['.well-known/assetlinks.json'] });
  app.useWebSocketAdapter(new PixelIoAdapter(app, config));
  serveWebApp(app, config);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  return app;
}

/** 415 for a request body that is not JSON (every API body is JSON). */
function rejectNonJsonBodies(req: Request, res: Response, next: NextFunction): void {
  const length = Number(req.headers['content-length'] ?? 0);
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if ((length > 0 || chunked) && !req.is('application/json')) {
    res.status(415).json({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Request bodies must be application/json.' });
    return;
  }
  next();
}

/** Unparseable JSON is answered with the endpoint's own validation code where it has one. */
const INVALID_BODY_CODES: Record<string, string> = {
  '/api/canvas/pixels': 'INVALID_PIXEL',
  '/api/feedback': 'INVALID_FEEDBACK',
};

function bodyParserErrors(error: unknown, req: Request, res: Response, next: NextFunction): void {
  if (!error) return next();
  const { status, body } = errorBodyFor(error);
  const specific = status === 400 ? INVALID_BODY_CODES[req.path.replace(/\/+$/, '')] : undefined;
  res.status(status).json(specific ? { ...body, code: specific } : body);
}

/** Serves the built PWA at / with SPA fallback; /api and /socket.io stay the API's. */
function serveWebApp(app: NestExpressApplication, config: AppConfig): void {
  const root = config.webDistDir;
  if (!existsSync(join(root, 'index.html'))) {
    new Logger('Web').warn(`no built PWA at ${root}; run "npm run build:web" to serve it`);
    return;
  }
  const assets = express.static(root, {
    index: false,
    setHeaders: (res, path) => {
      const hashed = /\.[0-9a-f]{8,}\.(js|css|woff2?)$/i.test(path) || /-[A-Z0-9]{8}\.(js|css)$/.test(path);
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // API and socket requests never touch the file system.
  app.use((req: Request, res: Response, next: NextFunction) => (isApiPath(req.path) ? next() : assets(req, res, next)));
  const indexHtml = join(root, 'index.html');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });
}

function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path.startsWith('/socket.io') || path === '/.well-known/assetlinks.json';
}
