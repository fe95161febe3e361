import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AuthResponse } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { authInterceptor } from './auth.interceptor';
import { AuthStore } from './auth.store';

const user = { id: 'u1', name: 'Ada', email: 'ada@example.com', role: 'player' as const };

function session(token: string, expiresIn = 900): AuthResponse {
  return { accessToken: token, expiresIn, user };
}

/** Lets the promise chains between the interceptor and the store run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: AuthStore;

  async function signIn(token: string, expiresIn = 900): Promise<void> {
    const done = auth.signInDev('Ada');
    backend.expectOne('/api/auth/dev').flush(session(token, expiresIn));
    await done;
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
  });

  afterEach(() => backend.verify());

  it('sends no Authorization header while signed out', async () => {
    const answer = firstValueFrom(http.get('/api/config'));
    const request = backend.expectOne('/api/config');
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({});
    await answer;
  });

  it('adds the bearer token to API calls but not to the session endpoints or other origins', async () => {
    await signIn('tok-1');
    void firstValueFrom(http.get('/api/me'));
    expect(backend.expectOne('/api/me').request.headers.get('Authorization')).toBe('Bearer tok-1');
    void firstValueFrom(http.get('https://example.com/api/me'));
    expect(backend.expectOne('https://example.com/api/me').request.headers.has('Authorization')).toBe(false);
    void auth.signOut();
    const logout = backend.expectOne('/api/auth/logout');
    expect(logout.request.headers.has('Authorization')).toBe(false);
    logout.flush(null, { status: 204, statusText: 'No Content' });
  });

  it('refreshes once on 401 and retries the request with the new token', async () => {
    await signIn('old');
    const answer = firstValueFrom(http.get<{ ok: boolean }>('/api/me'));
    backend.expectOne('/api/me').flush({ code: 'UNAUTHORIZED', message: 'expired' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.method).toBe('POST');
    refresh.flush(session('new'));
    await settle();
    const retry = backend.expectOne('/api/me');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer new');
    retry.flush({ ok: true });
    expect(await answer).toEqual({ ok: true });
  });

  it('makes concurrent 401s share one refresh', async () => {
    await signIn('old');
    const answers = [1, 2, 3].map((n) => firstValueFrom(http.get<number>(`/api/thing/${n}`)));
    for (const n of [1, 2, 3]) {
      backend.expectOne(`/api/thing/${n}`).flush({ code: 'UNAUTHORIZED', message: 'expired' }, { status: 401, statusText: 'Unauthorized' });
    }
    await settle();
    const refreshes = backend.match('/api/auth/refresh');
    expect(refreshes.length).toBe(1);
    refreshes[0].flush(session('new'));
    await settle();
    for (const n of [1, 2, 3]) {
      const retry = backend.expectOne(`/api/thing/${n}`);
      expect(retry.request.headers.get('Authorization')).toBe('Bearer new');
      retry.flush(n);
    }
    expect(await Promise.all(answers)).toEqual([1, 2, 3]);
  });

  it('returns the 401 and signs out when the refresh is refused', async () => {
    await signIn('old');
    const answer = firstValueFrom(http.get('/api/me'));
    backend.expectOne('/api/me').flush({ code: 'UNAUTHORIZED', message: 'expired' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    backend.expectOne('/api/auth/refresh').flush({ code: 'INVALID_REFRESH', message: 'no' }, { status: 401, statusText: 'Unauthorized' });
    await expect(answer).rejects.toMatchObject({ status: 401 });
    expect(auth.state()).toBe('signed-out');
    expect(auth.accessToken()).toBeNull();
  });

  it('does not loop: a second 401 after the retry is returned to the caller', async () => {
    await signIn('old');
    const answer = firstValueFrom(http.get('/api/me'));
    backend.expectOne('/api/me').flush({ code: 'UNAUTHORIZED', message: 'expired' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    backend.expectOne('/api/auth/refresh').flush(session('new'));
    await settle();
    backend.expectOne('/api/me').flush({ code: 'UNAUTHORIZED', message: 'still no' }, { status: 401, statusText: 'Unauthorized' });
    await expect(answer).rejects.toMatchObject({ status: 401 });
    backend.expectNone('/api/auth/refresh');
  });

  it('leaves other errors alone', async () => {
    await signIn('tok');
    const answer = firstValueFrom(http.post('/api/canvas/pixels', { x: 0, y: 0, color: 0 }));
    backend.expectOne('/api/canvas/pixels').flush({ code: 'COOLDOWN', message: 'wait', retryAfterMs: 900 }, { status: 429, statusText: 'Too Many Requests' });
    await expect(answer).rejects.toMatchObject({ status: 429 });
    backend.expectNone('/api/auth/refresh');
  });

  it('refreshes before sending when the token is about to expire', async () => {
    await signIn('short', 10);
    const answer = firstValueFrom(http.get('/api/me'));
    await settle();
    backend.expectOne('/api/auth/refresh').flush(session('fresh'));
    await settle();
    const request = backend.expectOne('/api/me');
    expect(request.request.headers.get('Authorization')).toBe('Bearer fresh');
    request.flush({});
    await answer;
  });
});
