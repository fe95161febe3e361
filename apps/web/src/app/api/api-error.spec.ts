import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { ERROR_CODES } from '@pixel-wars/protocol';
import { I18n } from '../i18n/i18n';
import { friendlyMessage, toApiFailure } from './api-error';

function failure(status: number, error: unknown) {
  return toApiFailure(new HttpErrorResponse({ status, error, statusText: 'x' }));
}

describe('API errors', () => {
  let i18n: I18n;

  beforeEach(() => {
    i18n = TestBed.inject(I18n);
  });

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

  it('words every placement error for people, in English', () => {
    const t = i18n.t;
    expect(friendlyMessage({ status: 429, code: 'COOLDOWN', message: '', retryAfterMs: 2300 }, t)).toContain('3 seconds');
    expect(friendlyMessage({ status: 429, code: 'COOLDOWN', message: '', retryAfterMs: 900 }, t)).toContain('1 second.');
    expect(friendlyMessage({ status: 403, code: 'NOT_PLAYING', message: '', presence: 'queued' }, t)).toContain('queue');
    expect(friendlyMessage({ status: 403, code: 'NOT_PLAYING', message: '' }, t)).toContain('Press Play');
    expect(friendlyMessage({ status: 403, code: 'BANNED', message: '' }, t)).toContain('banned');
    expect(friendlyMessage({ status: 403, code: 'PAUSED', message: '' }, t)).toContain('paused');
    expect(friendlyMessage({ status: 401, code: 'UNAUTHORIZED', message: '' }, t)).toContain('sign in');
    expect(friendlyMessage({ status: 503, code: 'STORAGE_UNAVAILABLE', message: 'x' }, t)).toContain('server');
  });

  it('and in Russian, never echoing the server’s English message', async () => {
    await i18n.use('ru');
    const t = i18n.t;
    expect(friendlyMessage({ status: 429, code: 'COOLDOWN', message: 'Wait', retryAfterMs: 2300 }, t)).toBe(
      'Не так быстро — следующий пиксель можно поставить через 3 секунды.',
    );
    expect(friendlyMessage({ status: 429, code: 'COOLDOWN', message: '', retryAfterMs: 5000 }, t)).toContain('через 5 секунд.');
    expect(friendlyMessage({ status: 403, code: 'BANNED', message: 'You are banned' }, t)).toBe('Ваш аккаунт заблокирован: ставить пиксели нельзя.');
    for (const code of ERROR_CODES) {
      const text = friendlyMessage({ status: 400, code, message: 'English server text', retryAfterMs: 1000 }, t);
      expect(text.replace(/Google|Telegram/g, ''), code).not.toMatch(/[A-Za-z]{3,}/);
    }
    expect(friendlyMessage({ status: 418, code: 'SOMETHING_NEW', message: 'Teapot' }, t)).toBe('Что-то пошло не так. Попробуйте ещё раз.');
    expect(friendlyMessage({ status: 503, code: 'HTTP_503', message: 'Service Unavailable' }, t)).toBe('На сервере произошла ошибка. Попробуйте ещё раз.');
  });
});
