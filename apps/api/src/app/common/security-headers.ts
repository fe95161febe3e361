import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

/** The PWA's Content-Security-Policy (helmet's syntax). */
function cspDirectives(production: boolean) {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", 'https://accounts.google.com/gsi/client'],
    styleSrc: ["'self'", "'unsafe-inline'", 'https://accounts.google.com/gsi/style'],
    imgSrc: ["'self'", 'data:', 'blob:', 'https://*.googleusercontent.com'],
    connectSrc: ["'self'", 'https://accounts.google.com/gsi/'],
    frameSrc: ['https://accounts.google.com/gsi/'],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    frameAncestors: ["'none'"],
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
  return path.startsWith('/api/') || path === '/api' || path.startsWith('/socket.io');
}

/**
 * helmet's full set (CSP, COOP/CORP, frame and referrer policies, HSTS in production, …) on
 * HTML and static responses, where a browser acts on them. API responses are JSON or bytes
 * a browser never renders: they get `nosniff`, the same CSP (precomputed, so a JSON answer
 * opened as a document still cannot run or frame anything) and HSTS in production —
 * three header writes instead of helmet's middleware chain on every placement (issue 17).
 * CORS and `Cache-Control: no-store` are set elsewhere, unchanged.
 */
export function securityHeaders(production: boolean): Middleware {
  const full = helmet({
    contentSecurityPolicy: { directives: cspDirectives(production) },
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    hsts: production,
  }) as Middleware;
  const api: Array<[string, string]> = [
    ['X-Content-Type-Options', 'nosniff'],
    ...capture(helmet.contentSecurityPolicy({ directives: cspDirectives(production) }) as Middleware),
    ...(production ? capture(helmet.strictTransportSecurity() as Middleware) : []),
  ];
  return (req, res, next) => {
    if (!isApiPath(req.path)) return full(req, res, next);
    for (let i = 0; i < api.length; i++) res.setHeader(api[i][0], api[i][1]);
    next();
  };
}
