import { io, Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, StatusEvent } from '@pixel-wars/protocol';

export type PlayClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestPlayer {
  name: string;
  headers: Record<string, string>;
  accessToken: string | null;
  socket: PlayClient;
  statuses: StatusEvent[];
  place(x: number, y: number, color: number): Promise<Response>;
  close(): void;
}

/** Signs in with dev login and returns the access token (null when dev login does not exist yet). */
export async function devSignIn(url: string, name: string): Promise<{ accessToken: string; cookie: string } | null> {
  const res = await fetch(`${url}/api/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  if (res.status === 404) return null;
  if (res.status !== 200) throw new Error(`dev sign-in failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { accessToken: string };
  return { accessToken: body.accessToken, cookie: res.headers.get('set-cookie') ?? '' };
}

export function connectPlay(url: string, token: string | null, extra: Parameters<typeof io>[1] = {}): PlayClient {
  return io(`${url}/play`, { path: '/socket.io', transports: ['websocket'], reconnection: false, auth: token ? { token } : {}, forceNew: true, ...extra });
}

/** A signed-in user with an open /play socket, admitted to play when presence admits at once. */
export async function joinAsPlayer(url: string, name: string): Promise<TestPlayer> {
  const session = await devSignIn(url, name);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session) headers['authorization'] = `Bearer ${session.accessToken}`;
  else headers['x-dev-user'] = name;
  const socket = connectPlay(url, session?.accessToken ?? null);
  const statuses: StatusEvent[] = [];
  socket.on('status', (s) => statuses.push(s));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  if (session) await waitFor(() => statuses.some((s) => s.status === 'playing'), 1000).catch(() => undefined);
  return {
    name,
    headers,
    accessToken: session?.accessToken ?? null,
    socket,
    statuses,
    place: (x, y, color) => fetch(`${url}/api/canvas/pixels`, { method: 'POST', headers, body: JSON.stringify({ x, y, color }) }),
    close: () => socket.close(),
  };
}

export async function waitFor(predicate: () => boolean, timeoutMs = 5000, stepMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
