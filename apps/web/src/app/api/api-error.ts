import { HttpErrorResponse } from '@angular/common/http';
import { ErrorBody } from '@pixel-wars/protocol';

/** A failed API call reduced to what the UI needs (PROTOCOL.md: errors are `{code, message}`). */
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
    if (error.status === 0) return { status: 0, code: 'NETWORK', message: 'The server could not be reached.' };
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
    return { status: error.status, code: `HTTP_${error.status}`, message: error.statusText || 'Request failed.' };
  }
  return { status: -1, code: 'CLIENT', message: error instanceof Error ? error.message : String(error) };
}

/** Copy shown to people for the errors of `POST /api/canvas/pixels` and friends. */
export function friendlyMessage(failure: ApiFailure): string {
  switch (failure.code) {
    case 'COOLDOWN': {
      const seconds = Math.max(1, Math.ceil((failure.retryAfterMs ?? 1000) / 1000));
      return `Easy there — you can place again in ${seconds} s.`;
    }
    case 'NOT_PLAYING':
      return failure.presence === 'queued'
        ? 'You are still in the queue — you can place once a slot frees up.'
        : 'You are not playing right now. Press Play to join.';
    case 'BANNED':
      return 'Your account is banned from placing pixels.';
    case 'PAUSED':
      return 'The canvas is paused by the admins. Try again in a moment.';
    case 'UNAUTHORIZED':
    case 'INVALID_REFRESH':
      return 'Your session has expired. Please sign in again.';
    case 'INVALID_PIXEL':
      return 'That pixel or colour is not valid.';
    case 'RATE_LIMITED':
      return 'Too many requests — slow down a little.';
    case 'NETWORK':
      return 'You seem to be offline. Check your connection.';
    default:
      if (failure.status === 429) return 'Too many requests — slow down a little.';
      if (failure.status >= 500) return 'The server had a problem. Please try again.';
      return failure.message || 'Something went wrong.';
  }
}
