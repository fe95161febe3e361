import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ServerClock } from '../api/server-clock';
import { AuthStore } from '../auth/auth.store';
import { CanvasStore } from '../canvas/canvas-store';
import { I18n } from '../i18n/i18n';
import { ToastStore } from '../shell/toast.store';
import { HandshakeProbe } from './handshake-probe';
import { PlaySession } from './play-session';
import { PLAY_SOCKET_FACTORY, PlaySocket, PlaySocketOptions } from './play-socket';

/** Stands in for a socket.io-client socket: records what the session does, fires what a server would. */
class FakeSocket {
  private readonly handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  connected = false;
  active = true;
  disconnected = false;
  reconnects = 0;

  on(event: string, handler: (...args: unknown[]) => void): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }
  disconnect(): this {
    this.disconnected = true;
    this.connected = false;
    this.active = false;
    return this;
  }
  connect(): this {
    this.reconnects++;
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  listens(): boolean {
    return this.handlers.size > 0;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PlaySession', () => {
  let session: PlaySession;
  let sockets: { socket: FakeSocket; options: PlaySocketOptions }[];
  let loadClient: () => Promise<(options: PlaySocketOptions) => PlaySocket>;
  let authState: ReturnType<typeof signal<'signed-in' | 'signed-out'>>;
  let token: string;
  let refresh: ReturnType<typeof vi.fn>;
  let clear: ReturnType<typeof vi.fn>;
  let probeResult: 'reachable' | 'unreachable' | 'rate-limited' | 'refused' | 'failed';
  const canvas = { acceptFrame: vi.fn(), checkNow: vi.fn() };
  const toasts = { show: vi.fn() };

  beforeEach(() => {
    sockets = [];
    token = 'token-1';
    authState = signal<'signed-in' | 'signed-out'>('signed-in');
    refresh = vi.fn(async () => {
      token = 'token-2';
      return true;
    });
    clear = vi.fn(() => authState.set('signed-out'));
    probeResult = 'reachable';
    canvas.acceptFrame.mockReset();
    canvas.checkNow.mockReset();
    toasts.show.mockReset();
    loadClient = async () => (options) => {
      const socket = new FakeSocket();
      sockets.push({ socket, options });
      return socket as unknown as PlaySocket;
    };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: PLAY_SOCKET_FACTORY, useValue: () => loadClient() },
        {
          provide: AuthStore,
          useValue: {
            state: authState,
            signedIn: computed(() => authState() === 'signed-in'),
            tokenStale: () => false,
            accessToken: () => token,
            refresh,
            clear,
          },
        },
        { provide: CanvasStore, useValue: canvas },
        { provide: ToastStore, useValue: toasts },
        { provide: ServerClock, useValue: { toLocal: (t: number) => t - 1000 } },
        { provide: I18n, useValue: { t: (key: string) => `t:${key}` } },
        { provide: HandshakeProbe, useValue: { probe: async () => probeResult } },
      ],
    });
    session = TestBed.inject(PlaySession);
  });

  afterEach(() => session.leave());

  const join = async () => {
    await session.play();
    expect(sockets).toHaveLength(1);
    return sockets[0].socket;
  };

  it('opens one WebSocket-only /play socket that presents the current token on every attempt', async () => {
    await join();
    const { options } = sockets[0];
    expect(options.transports).toEqual(['websocket']);
    expect(options.path).toBe('/socket.io');
    const presented: unknown[] = [];
    (options.auth as (cb: (data: object) => void) => void)((data) => presented.push(data));
    token = 'token-9';
    (options.auth as (cb: (data: object) => void) => void)((data) => presented.push(data));
    expect(presented).toEqual([{ token: 'token-1' }, { token: 'token-9' }]);
    await session.play();
    expect(sockets).toHaveLength(1);
  });

  it('follows the status events: connecting → queued → playing, feeding frames to the canvas', async () => {
    const socket = await join();
    expect(session.phase()).toBe('connecting');
    socket.fire('connect');
    expect(canvas.checkNow).toHaveBeenCalledTimes(1);
    socket.fire('status', { status: 'queued', position: 3, queueLength: 7 });
    expect(session.phase()).toBe('queued');
    expect(session.presence()).toMatchObject({ position: 3, queueLength: 7 });
    socket.fire('status', { status: 'playing', afkAt: 61_000, cooldownUntil: 6000 });
    expect(session.phase()).toBe('playing');
    expect(session.presence()).toMatchObject({ afkAt: 60_000, cooldownUntil: 5000 });
    socket.fire('pixels', 'AQID');
    expect(canvas.acceptFrame).toHaveBeenCalledWith('AQID');
    expect(session.live()).toBe(true);
  });

  it('refreshes the token once when the handshake is refused as UNAUTHORIZED, then gives up', async () => {
    const socket = await join();
    socket.active = false;
    socket.fire('connect_error', new Error('UNAUTHORIZED'));
    await settle();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(socket.reconnects).toBe(1);
    expect(session.phase()).toBe('connecting');
    socket.fire('connect_error', new Error('UNAUTHORIZED'));
    await settle();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(session.phase()).toBe('failed');
    expect(session.problem()).toBe('unauthorized');
    expect(clear).toHaveBeenCalled();
    expect(socket.disconnected).toBe(true);
  });

  it('names a banned or rate-limited handshake', async () => {
    let socket = await join();
    socket.active = false;
    socket.fire('connect_error', new Error('BANNED'));
    await settle();
    expect([session.phase(), session.problem()]).toEqual(['failed', 'banned']);
    sockets = [];
    socket = await join();
    socket.active = false;
    socket.fire('connect_error', new Error('RATE_LIMITED'));
    await settle();
    expect([session.phase(), session.problem()]).toEqual(['failed', 'rate-limited']);
  });

  it('asks the probe why the transport fails while joining', async () => {
    probeResult = 'unreachable';
    const socket = await join();
    socket.fire('connect_error', new Error('websocket error'));
    await settle();
    expect([session.phase(), session.problem()]).toEqual(['failed', 'unreachable']);
  });

  it('explains a socket client that cannot be loaded', async () => {
    probeResult = 'unreachable';
    loadClient = () => Promise.reject(new Error('chunk failed'));
    await session.play();
    expect(sockets).toHaveLength(0);
    expect([session.phase(), session.problem()]).toEqual(['failed', 'unreachable']);
  });

  it('tells a ban notice followed by the server closing the socket from going AFK', async () => {
    let socket = await join();
    socket.fire('status', { status: 'playing' });
    socket.fire('disconnect', 'io server disconnect');
    expect(session.phase()).toBe('afk');
    expect(socket.listens()).toBe(false);

    sockets = [];
    socket = await join();
    socket.fire('status', { status: 'playing' });
    socket.fire('notice', { message: 'You are banned.', code: 'BANNED' });
    expect(toasts.show).toHaveBeenCalledWith('t:notice.BANNED', 'warning');
    socket.fire('disconnect', 'io server disconnect');
    expect([session.phase(), session.problem()]).toEqual(['failed', 'banned']);
  });

  it('is stalled while Socket.IO reconnects after a dropped connection, and superseded by another tab', async () => {
    const socket = await join();
    socket.fire('status', { status: 'playing' });
    socket.fire('disconnect', 'transport close');
    expect(session.phase()).toBe('stalled');
    socket.fire('status', { status: 'superseded' });
    expect(session.phase()).toBe('superseded');
    expect(socket.disconnected).toBe(true);
  });

  it('leaves when the user signs out', async () => {
    const socket = await join();
    socket.fire('status', { status: 'playing' });
    authState.set('signed-out');
    TestBed.tick();
    expect(session.phase()).toBe('idle');
    expect(socket.disconnected).toBe(true);
  });
});
