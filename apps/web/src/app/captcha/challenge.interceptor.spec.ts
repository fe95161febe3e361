import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AltchaChallenge } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { challengeInterceptor } from './challenge.interceptor';
import { ChallengeSolver } from './challenge-solver';

const challenge: AltchaChallenge = { algorithm: 'SHA-256', challenge: 'c'.repeat(64), maxnumber: 10, salt: 's', signature: 'f'.repeat(64) };
const required = { code: 'CHALLENGE_REQUIRED', message: 'solve it', challenge };

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('challengeInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  const solved: AltchaChallenge[] = [];

  beforeEach(() => {
    solved.length = 0;
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([challengeInterceptor])),
        provideHttpClientTesting(),
        { provide: ChallengeSolver, useValue: { solve: async (c: AltchaChallenge) => (solved.push(c), `solution-${solved.length}`) } },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('solves a 403 CHALLENGE_REQUIRED and sends the same request again with X-Altcha', async () => {
    const answer = firstValueFrom(http.post<{ version: number }>('/api/canvas/pixels', { x: 1, y: 2, color: 3 }));
    const first = backend.expectOne('/api/canvas/pixels');
    expect(first.request.headers.has('X-Altcha')).toBe(false);
    first.flush(required, { status: 403, statusText: 'Forbidden' });
    await settle();
    const retry = backend.expectOne('/api/canvas/pixels');
    expect(retry.request.headers.get('X-Altcha')).toBe('solution-1');
    expect(retry.request.body).toEqual({ x: 1, y: 2, color: 3 });
    retry.flush({ version: 7 });
    expect(await answer).toEqual({ version: 7 });
    expect(solved).toEqual([challenge]);
  });

  it('passes other 403s through untouched, and gives up after two rounds', async () => {
    const paused = firstValueFrom(http.post('/api/canvas/pixels', {}));
    backend.expectOne('/api/canvas/pixels').flush({ code: 'PAUSED', message: 'paused' }, { status: 403, statusText: 'Forbidden' });
    await expect(paused).rejects.toBeInstanceOf(HttpErrorResponse);

    const stubborn = firstValueFrom(http.post('/api/auth/dev', { name: 'Ada' }));
    for (let round = 0; round < 3; round++) {
      await settle();
      backend.expectOne('/api/auth/dev').flush(required, { status: 403, statusText: 'Forbidden' });
    }
    await expect(stubborn).rejects.toMatchObject({ status: 403 });
    expect(solved).toHaveLength(2);
  });
});
