import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

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

/** helmet's default HSTS value (one year, subdomains), sent in production. */
const HSTS = 'max-age=31536000; includeSubDomains';

/** The Content-Security-Policy header as helmet writes it, computed once. */
function cspHeader(options: SecurityHeaderOptions): string {
  let value = '';
  const res = { setHeader: (_name: string, v: string) => (value = v) } as unknown as ServerResponse;
  fastifyHelmet.contentSecurityPolicy({ directives: cspDirectives(options) })({} as IncomingMessage, res, () => undefined);
  return value;
}

export function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path.startsWith('/socket.io') || path === '/.well-known/assetlinks.json';
}

/** Whether an `Accept` header admits HTML (no header admits anything), as Express's `req.accepts('html')`. */
export function acceptsHtml(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type !== 'text/html' && type !== 'text/*' && type !== '*/*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * Every response first gets `nosniff`, the PWA's CSP (precomputed, so a JSON answer opened
 * as a document still cannot run or frame anything) and HSTS in production: three header
 * writes, not helmet's middleware chain, on every placement (issue 17). API responses are
 * JSON or bytes a browser never renders; they keep just these. CORS and
 * `Cache-Control: no-store` are set elsewhere, unchanged.
 */
export function apiSecurityHeaders(options: SecurityHeaderOptions): onRequestHookHandler {
  const headers: Array<[string, string]> = [
    ['X-Content-Type-Options', 'nosniff'],
    ['Content-Security-Policy', cspHeader(options)],
    ...(options.production ? [['Strict-Transport-Security', HSTS] as [string, string]] : []),
  ];
  return (_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const raw = reply.raw;
    for (let i = 0; i < headers.length; i++) raw.setHeader(headers[i][0], headers[i][1]);
    done();
  };
}

/**
 * helmet's full set (CSP, COOP/CORP, frame and referrer policies, HSTS in production, …) for
 * the Fastify context that serves HTML and static files, where a browser acts on them.
 */
export function documentSecurityHeaders(options: SecurityHeaderOptions): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: { directives: cspDirectives(options) },
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    // X-Frame-Options cannot name another origin; CSP frame-ancestors decides where framing is allowed
    frameguard: options.telegram ? false : { action: 'sameorigin' },
    hsts: options.production ? { maxAge: 31536000, includeSubDomains: true } : false,
  };
}
