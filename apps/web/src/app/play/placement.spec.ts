import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ConfigStore } from '../api/config.store';
import { ServerClock } from '../api/server-clock';
import { CanvasStore } from '../canvas/canvas-store';
import { I18n } from '../i18n/i18n';
import { ToastStore } from '../shell/toast.store';
import { PlaySession } from './play-session';
import { Placement } from './placement';
import { EMPTY_PRESENCE, PresenceState } from './presence';

describe('Placement', () => {
  let placement: Placement;
  let http: HttpTestingController;
  let version: ReturnType<typeof signal<number>>;
  let presence: ReturnType<typeof signal<PresenceState>>;
  const session = { presence: signal(EMPTY_PRESENCE), placed: vi.fn(), coolingDown: vi.fn() };
  const clock = { fromExchange: vi.fn(), toLocal: (t: number) => t + 7 };
  const toasts = { show: vi.fn() };

  beforeEach(() => {
    version = signal(10);
    presence = signal<PresenceState>(EMPTY_PRESENCE);
    session.presence = presence;
    for (const mock of [session.placed, session.coolingDown, clock.fromExchange, toasts.show]) mock.mockReset();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: PlaySession, useValue: session },
        { provide: CanvasStore, useValue: { version } },
        { provide: ConfigStore, useValue: { config: signal({ cooldownMs: 5000, afkAfterMs: 120_000 }) } },
        { provide: ServerClock, useValue: clock },
        { provide: ToastStore, useValue: toasts },
        { provide: I18n, useValue: { t: (key: string) => `t:${key}` } },
      ],
    });
    placement = TestBed.inject(Placement);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('posts the pixel, moves the cooldown and AFK deadline, and overlays it until the stream reaches its version', async () => {
    const result = placement.place(3, 4, 5);
    expect(placement.busy()).toBe(true);
    const request = http.expectOne({ method: 'POST', url: '/api/canvas/pixels' });
    expect(request.request.body).toEqual({ x: 3, y: 4, color: 5 });
    request.flush({ version: 12, cooldownUntil: 50_000, charges: 0 }, { status: 201, statusText: 'Created' });
    expect(await result).toBe(true);
    expect(placement.busy()).toBe(false);
    expect(clock.fromExchange).toHaveBeenCalledWith(45_000, expect.any(Number), expect.any(Number));
    expect(session.placed).toHaveBeenCalledWith(50_007, expect.any(Number), 0);
    expect(placement.pending()).toEqual([{ x: 3, y: 4, color: 5, version: 12 }]);
    version.set(11);
    TestBed.tick();
    expect(placement.pending()).toHaveLength(1);
    version.set(12);
    TestBed.tick();
    expect(placement.pending()).toEqual([]);
  });

  it('does not overlay a pixel the stream already delivered', async () => {
    const result = placement.place(1, 1, 1);
    http.expectOne('/api/canvas/pixels').flush({ version: 9, cooldownUntil: 1 }, { status: 201, statusText: 'Created' });
    expect(await result).toBe(true);
    expect(placement.pending()).toEqual([]);
  });

  it("takes the server's cooldown from a 429 COOLDOWN and warns", async () => {
    const result = placement.place(1, 2, 3);
    http.expectOne('/api/canvas/pixels').flush({ code: 'COOLDOWN', message: 'wait', retryAfterMs: 4000 }, { status: 429, statusText: 'Too Many Requests' });
    expect(await result).toBe(false);
    expect(session.coolingDown).toHaveBeenCalledWith(expect.any(Number));
    const until = session.coolingDown.mock.calls[0][0] as number;
    expect(until - Date.now()).toBeGreaterThan(3000);
    expect(toasts.show).toHaveBeenCalledWith(expect.any(String), 'warning');
    expect(placement.pending()).toEqual([]);
  });

  it('shows other refusals as errors', async () => {
    const result = placement.place(1, 2, 3);
    http.expectOne('/api/canvas/pixels').flush({ code: 'INVALID_PIXEL', message: 'outside' }, { status: 400, statusText: 'Bad Request' });
    expect(await result).toBe(false);
    expect(session.coolingDown).not.toHaveBeenCalled();
    expect(toasts.show).toHaveBeenCalledWith(expect.any(String), 'error');
  });

  it('sends nothing while the local cooldown runs or a placement is in flight', async () => {
    presence.set({ ...EMPTY_PRESENCE, cooldownUntil: Date.now() + 60_000 });
    expect(await placement.place(1, 1, 1)).toBe(false);
    expect(toasts.show).toHaveBeenCalledWith(expect.any(String), 'warning');
    http.expectNone('/api/canvas/pixels');

    presence.set(EMPTY_PRESENCE);
    const first = placement.place(1, 1, 1);
    expect(await placement.place(2, 2, 2)).toBe(false);
    http.expectOne('/api/canvas/pixels').flush({ version: 11, cooldownUntil: 1 }, { status: 201, statusText: 'Created' });
    expect(await first).toBe(true);
  });
});
