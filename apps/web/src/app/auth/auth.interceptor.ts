import { HttpErrorResponse, HttpEvent, HttpHandlerFn, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Observable, catchError, from, switchMap, throwError } from 'rxjs';
import { AuthStore } from './auth.store';

/** Requests that carry no access token: the session endpoints work with the cookie. */
function isSessionEndpoint(url: string): boolean {
  return url.startsWith('/api/auth/');
}

function withToken(request: HttpRequest<unknown>, token: string): HttpRequest<unknown> {
  return request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }); // i18n-ignore: a header
}

/**
 * Adds `Authorization: Bearer` to API calls while signed in. A 401 on a call that carried
 * a token refreshes the session once (concurrent 401s share the same refresh, see
 * AuthStore.refresh) and retries the call with the new token; a second 401 is returned.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/api/') || isSessionEndpoint(request.url)) return next(request);
  const auth = inject(AuthStore);
  if (auth.accessToken() === null) return next(request);
  if (auth.tokenStale()) {
    return from(auth.refresh()).pipe(switchMap(() => send(auth, request, next)));
  }
  return send(auth, request, next);
};

function send(auth: AuthStore, request: HttpRequest<unknown>, next: HttpHandlerFn): Observable<HttpEvent<unknown>> {
  const token = auth.accessToken();
  if (token === null) return next(request);
  return next(withToken(request, token)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) return throwError(() => error);
      return from(refreshUnlessDone(auth, token)).pipe(
        switchMap((refreshed) => {
          const fresh = auth.accessToken();
          return refreshed && fresh ? next(withToken(request, fresh)) : throwError(() => error);
        }),
      );
    }),
  );
}

/** Another request may have refreshed already while this one was in flight. */
function refreshUnlessDone(auth: AuthStore, usedToken: string): Promise<boolean> {
  const current = auth.accessToken();
  if (current !== null && current !== usedToken) return Promise.resolve(true);
  return auth.refresh();
}
