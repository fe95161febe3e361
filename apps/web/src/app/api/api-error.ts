import { HttpErrorResponse } from '@angular/common/http';
import { ERROR_CODES, ErrorBody, ErrorCode } from '@pixel-wars/protocol';
import type { Translate } from '../i18n/catalogue';

/**
 * A failed API call reduced to what the UI needs (docs/protocol.md: errors are `{code, message}`).
 * `message` is the server's English text, kept for diagnostics; players see `friendlyMessage`.
 */
export interface ApiFailure {
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  code: string;
  message: string;
  retryAfterMs?: number;
  presence?: string;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).code === 'string';
}

export function toApiFailure(error: unknown): ApiFailure {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return { status: 0, code: 'NETWORK', message: 'network error' }; // i18n-ignore: diagnostics
    const body: unknown = error.error;
    if (isErrorBody(body)) {
      return {
        status: error.status,
        code: body.code,
        message: typeof body.message === 'string' ? body.message : error.statusText,
        retryAfterMs: typeof body.retryAfterMs === 'number' ? body.retryAfterMs : undefined,
        presence: typeof body.status === 'string' ? body.status : undefined,
      };
    }
    return { status: error.status, code: `HTTP_${error.status}`, message: error.statusText || `HTTP ${error.status}` }; // i18n-ignore: diagnostics
  }
  return { status: -1, code: 'CLIENT', message: error instanceof Error ? error.message : String(error) };
}

/**
 * What to tell the player about a failed call, in their language: the PWA's own text for
 * every documented error code (the server's English `message` is for other clients).
 */
export function friendlyMessage(failure: ApiFailure, t: Translate): string {
  switch (failure.code) {
    case 'COOLDOWN':
      return t('errors.COOLDOWN', { count: Math.max(1, Math.ceil((failure.retryAfterMs ?? 1000) / 1000)) });
    case 'NOT_PLAYING':
      if (failure.presence === 'queued') return t('errors.NOT_PLAYING.queued');
      if (failure.presence === 'stalled') return t('errors.NOT_PLAYING.stalled');
      return t('errors.NOT_PLAYING');
    case 'NETWORK':
      return t('errors.NETWORK');
    default:
      if (isErrorCode(failure.code)) return t(`errors.${failure.code}`);
      if (failure.status === 429) return t('errors.RATE_LIMITED');
      if (failure.status >= 500) return t('errors.INTERNAL_ERROR');
      return t('errors.unknown');
  }
}

export function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}
