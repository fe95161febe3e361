import type { FastifyReply } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const OAUTH_STATE_COOKIE = 'pw_oauth';
export const OAUTH_STATE_PATH = '/api/auth/google';
const STATE_TTL_MS = 10 * 60_000;
const COOKIE_FORMAT = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43,128})$/;

/** What passport-oauth2 and this store read of a request in the redirect flow. */
export interface OAuthRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  query: unknown;
  cookies: Record<string, string | undefined>;
  /** The reply the state cookie is set on. */
  reply: FastifyReply;
}

type StoreCallback = (error: Error | null, state?: string) => void;
type VerifyCallback = (error: Error | null, ok: string | false, info?: { message: string }) => void;

/**
 * passport-oauth2 state store without server sessions: `/start` puts a random state
 * and the PKCE verifier in an HttpOnly cookie scoped to `/api/auth/google`
 * (SameSite=Lax, so it comes back on Google's top-level redirect), and the callback
 * accepts only the state equal to the cookie's — a callback the browser did not start
 * (login CSRF) fails. Stateless, so it works with several API instances.
 */
export class CookieStateStore {
  constructor(private readonly secure: boolean) {}

  /** Arity 5 tells passport-oauth2 to hand us the PKCE verifier. */
  store(req: OAuthRequest, verifier: string, _state: unknown, _meta: unknown, callback: StoreCallback): void {
    const handle = randomBytes(32).toString('base64url');
    void req.reply.setCookie(OAUTH_STATE_COOKIE, `${handle}.${verifier}`, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      path: OAUTH_STATE_PATH,
      maxAge: STATE_TTL_MS / 1000,
      expires: new Date(Date.now() + STATE_TTL_MS),
    });
    callback(null, handle);
  }

  verify(req: OAuthRequest, providedState: unknown, callback: VerifyCallback): void {
    const raw = req.cookies[OAUTH_STATE_COOKIE];
    void req.reply.clearCookie(OAUTH_STATE_COOKIE, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: OAUTH_STATE_PATH });
    const match = typeof raw === 'string' ? COOKIE_FORMAT.exec(raw) : null;
    if (!match || typeof providedState !== 'string') return callback(null, false, { message: 'Unable to verify the authorization request state.' });
    const expected = Buffer.from(match[1]);
    const provided = Buffer.from(providedState);
    if (expected.length !== provided.length || !timingSafeEqual(expected, provided)) {
      return callback(null, false, { message: 'Invalid authorization request state.' });
    }
    callback(null, match[2]);
  }
}
