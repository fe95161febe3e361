import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IssuedRefreshToken } from './refresh-token.service';

export const REFRESH_COOKIE = 'pw_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';

function baseOptions(secure: boolean): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: REFRESH_COOKIE_PATH };
}

/** `HttpOnly; SameSite=Strict; Path=/api/auth` (+ `Secure` in production), until the family ends. */
export function setRefreshCookie(res: FastifyReply, refresh: IssuedRefreshToken, secure: boolean, now = Date.now()): void {
  // Max-Age in seconds and the matching Expires, as Express wrote them
  const maxAgeMs = Math.max(0, Math.ceil((refresh.expiresAt - now) / 1000) * 1000);
  void res.setCookie(REFRESH_COOKIE, refresh.token, { ...baseOptions(secure), maxAge: maxAgeMs / 1000, expires: new Date(now + maxAgeMs) });
}

export function clearRefreshCookie(res: FastifyReply, secure: boolean): void {
  void res.clearCookie(REFRESH_COOKIE, baseOptions(secure));
}

/** The request's cookies, parsed on demand (only the auth endpoints read any). */
export function requestCookies(req: FastifyRequest): Record<string, string | undefined> {
  const header = req.headers.cookie;
  return header ? req.server.parseCookie(header) : {};
}

export function readRefreshCookie(req: FastifyRequest): string | undefined {
  const value = requestCookies(req)[REFRESH_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
