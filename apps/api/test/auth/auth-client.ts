import { io } from 'socket.io-client';
import type { AuthResponse, StatusEvent } from '@pixel-wars/protocol';
import type { PlayClient } from '../support/players';

export const REFRESH_COOKIE = 'pw_refresh';

/** `name=value` of the refresh cookie in a response, or null. */
export function refreshCookieOf(res: Response): string | null {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${REFRESH_COOKIE}=`));
  if (!line) return null;
  const pair = line.split(';')[0];
  return pair === `${REFRESH_COOKIE}=` ? null : pair;
}

export function setCookieLine(res: Response, name = REFRESH_COOKIE): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}

export interface Session {
  accessToken: string;
  cookie: string;
  body: AuthResponse;
}

export async function devLogin(url: string, name: string): Promise<Session> {
  const res = await post(url, '/api/auth/dev', { name });
  if (res.status !== 200) throw new Error(`dev login failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as AuthResponse;
  return { accessToken: body.accessToken, cookie: refreshCookieOf(res) as string, body };
}

export async function refresh(url: string, cookie: string | null, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/auth/refresh`, { method: 'POST', headers: { ...(cookie ? { cookie } : {}), ...headers } });
}

/** Refresh that must succeed: the next session of the same sign-in. */
export async function nextSession(url: string, session: Session): Promise<Session> {
  const res = await refresh(url, session.cookie);
  if (res.status !== 200) throw new Error(`refresh failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as AuthResponse;
  return { accessToken: body.accessToken, cookie: refreshCookieOf(res) as string, body };
}

export function post(url: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export function getMe(url: string, accessToken: string | null): Promise<Response> {
  return fetch(`${url}/api/me`, { headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} });
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Everything a test socket saw, in order: statuses, notices, and its disconnect. */
export type SocketEvent = { type: 'status'; status: StatusEvent } | { type: 'notice'; message: string } | { type: 'disconnect'; reason: string };

export interface WatchedSocket {
  socket: PlayClient;
  events: SocketEvent[];
  statuses(): StatusEvent[];
  lastStatus(): StatusEvent | undefined;
  connected: Promise<void>;
}

export function openPlay(url: string, token: string | undefined): WatchedSocket {
  const socket: PlayClient = io(`${url}/play`, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: token === undefined ? {} : { token },
  });
  const events: SocketEvent[] = [];
  socket.on('status', (status) => events.push({ type: 'status', status }));
  socket.on('notice', (notice) => events.push({ type: 'notice', message: notice.message }));
  socket.on('disconnect', (reason) => events.push({ type: 'disconnect', reason }));
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  connected.catch(() => undefined);
  const statuses = () => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  return { socket, events, statuses, lastStatus: () => statuses().at(-1), connected };
}

export async function until(predicate: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
