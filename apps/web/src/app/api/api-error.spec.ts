import { HttpErrorResponse } from '@angular/common/http';
import { friendlyMessage, toApiFailure } from './api-error';

function failure(status: number, error: unknown) {
  return toApiFailure(new HttpErrorResponse({ status, error, statusText: 'x' }));
}

describe('API errors', () => {
  it('reads the protocol error body', () => {
    expect(failure(429, { code: 'COOLDOWN', message: 'wait', retryAfterMs: 2300 })).toEqual({
      status: 429,
      code: 'COOLDOWN',
      message: 'wait',
      retryAfterMs: 2300,
      presence: undefined,
    });
    expect(failure(403, { code: 'NOT_PLAYING', message: 'no', status: 'queued' }).presence).toBe('queued');
  });

  it('tells an unreachable server from an HTML or empty error', () => {
    expect(failure(0, null).code).toBe('NETWORK');
    expect(failure(502, '<html>').code).toBe('HTTP_502');
  });

  it('words every placement error for people', () => {
    expect(friendlyMessage({ status: 429, code: 'COOLDOWN', message: '', retryAfterMs: 2300 })).toContain('3 s');
    expect(friendlyMessage({ status: 403, code: 'NOT_PLAYING', message: '', presence: 'queued' })).toContain('queue');
    expect(friendlyMessage({ status: 403, code: 'NOT_PLAYING', message: '' })).toContain('Press Play');
    expect(friendlyMessage({ status: 403, code: 'BANNED', message: '' })).toContain('banned');
    expect(friendlyMessage({ status: 403, code: 'PAUSED', message: '' })).toContain('paused');
    expect(friendlyMessage({ status: 401, code: 'UNAUTHORIZED', message: '' })).toContain('sign in');
    expect(friendlyMessage({ status: 503, code: 'STORAGE_UNAVAILABLE', message: 'x' })).toContain('server');
  });
});
