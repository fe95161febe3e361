import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

const TELEGRAM_WEB_APP_SCRIPT = 'https://telegram.org/js/telegram-web-app.js';
const TELEGRAM_WEB_ORIGIN = 'https://web.telegram.org';

export interface SecurityHeaderOptions {
  production: boolean;
  /** The Telegram bot exists: the Mini App script may load and web.telegram.org may frame the PWA. */
  telegram: boolean;
}

/** The PWA's Content-Security-Policy (helmet's syntax). */
function cspDirectives({ production, telegram }: SecurityHeaderOptions) {
  return {
    defaultSrc: ["'self'"],
    // the Mini App script loads only inside Telegram (the PWA decides); allowed when the bot exists
    scriptSrc: ["'self'", 'https://accounts.google.com/gsi/client', ...(telegram ? [TELEGRAM_WEB_APP_SCRIPT] : [])],
    styleSrc: ["'self'", "'unsafe-inline'", 'https://accounts.google.com/gsi/style'],
    imgSrc: ["'self'", 'data:', 'blob:', 'https://*.googleusercontent.com'],
    connectSrc: ["'self'", 'https://accounts.google.com/gsi/'],
    frameSrc: ['https://accounts.google.com/gsi/'],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    // Telegram Web (web.telegram.org) shows Mini Apps in an iframe; the apps use a webview
    frameAncestors: telegram ? [TELEGRAM_WEB_ORIGIN] : ["'none'"],
    formAction: ["'self'"],
    upgradeInsecureRequests: production ? [] : null,
  };
}

/** The headers one helmet middleware sets, captured once (they depend on nothing per request). */
function capture(middleware: Middleware): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const res = { setHeader: (name: string, value: string) => headers.push([name, value]), removeHeader: () => undefined };
  middleware({} as Request, res as unknown as Response, () => undefined);
  return headers;
}

export function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path.startsWith('/socket.io') || path === '/.well-known/assetlinks.json';
}

/**
 * helmet's full set (CSP, COOP/CORP, frame and referrer policies, HSTS in production, …) on
 * HTML and static responses, where a browser acts on them. API responses are JSON or bytes
 * a browser never renders: they get `nosniff`, the same CSP (precomputed, so a JSON answer
 * opened as a document still cannot run or frame anything) and HSTS in production —
 * three header writes instead of helmet's middleware chain on every placement (issue 17).
 * CORS and `Cache-Control: no-store` are set elsewhere, unchanged.
 */
export function securityHeaders(options: SecurityHeaderOptions): Middleware {
  const full = helmet({
    contentSecurityPolicy: { directives: cspDirectives(options) },
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    // X-Frame-Options cannot name another origin; CSP frame-ancestors decides where framing is allowed
    frameguard: options.telegram ? false : { action: 'sameorigin' },
    hsts: options.production,
  }) as Middleware;
  const api: Array<[string, string]> = [
    ['X-Content-Type-Options', 'nosniff'],
    ...capture(helmet.contentSecurityPolicy({ directives: cspDirectives(options) }) as Middleware),
    ...(options.production ? capture(helmet.strictTransportSecurity() as Middleware) : []),
  ];
  return (req, res, next) => {
    if (!isApiPath(req.path)) return full(req, res, next);
    for (let i = 0; i < api.length; i++) res.setHeader(api[i][0], api[i][1]);
    next();
  };
}
