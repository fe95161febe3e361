import type { CookieOptions, Request, Response } from 'express';
import { IssuedRefreshToken } from './refresh-token.service';

export const REFRESH_COOKIE = 'pw_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';

function baseOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: REFRESH_COOKIE_PATH };
}

/** `HttpOnly; SameSite=Strict; Path=/api/auth` (+ `Secure` in production), until the family ends. */
export function setRefreshCookie(res: Response, refresh: IssuedRefreshToken, secure: boolean, now = Date.now()): void {
  res.cookie(REFRESH_COOKIE, refresh.token, { ...baseOptions(secure), maxAge: Math.max(0, Math.ceil((refresh.expiresAt - now) / 1000) * 1000) });
}

export function clearRefreshCookie(res: Response, secure: boolean): void {
  res.clearCookie(REFRESH_COOKIE, baseOptions(secure));
}

export function readRefreshCookie(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
