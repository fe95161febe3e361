import { HttpErrorResponse, HttpEvent, HttpHandlerFn, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { ALTCHA_HEADER, type ErrorBody } from '@pixel-wars/protocol';
import { Observable, catchError, from, switchMap, throwError } from 'rxjs';
import { ChallengeSolver } from './challenge-solver';

/** Rounds per request: a second one covers a challenge that expired or was used meanwhile. */
const MAX_ROUNDS = 2;

/**
 * CAPTCHA=pow: an API call answered 403 CHALLENGE_REQUIRED (sign-in, or a placement of a
 * player who looks automated) is solved in the background and sent again with the
 * solution in `X-Altcha` — the player sees nothing but a short wait.
 */
export const challengeInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/api/')) return next(request);
  return withSolution(request, next, inject(ChallengeSolver), MAX_ROUNDS);
};

function withSolution(request: HttpRequest<unknown>, next: HttpHandlerFn, solver: ChallengeSolver, rounds: number): Observable<HttpEvent<unknown>> {
  return next(request).pipe(
    catchError((error: unknown) => {
      const challenge = challengeOf(error);
      if (!challenge || rounds === 0) return throwError(() => error);
      return from(solver.solve(challenge)).pipe(
        switchMap((altcha) => withSolution(request.clone({ setHeaders: { [ALTCHA_HEADER]: altcha } }), next, solver, rounds - 1)),
        catchError(() => throwError(() => error)),
      );
    }),
  );
}

function challengeOf(error: unknown): ErrorBody['challenge'] | null {
  if (!(error instanceof HttpErrorResponse) || error.status !== 403) return null;
  const body = error.error as Partial<ErrorBody> | null;
  return body?.code === 'CHALLENGE_REQUIRED' && body.challenge ? body.challenge : null;
}
