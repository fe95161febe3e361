import type { PresenceStatus } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';

/** 403 NOT_PLAYING with the user's presence status (queued, stalled or afk). */
export function notPlaying(status: PresenceStatus): ApiError {
  const message =
    status === 'queued'
      ? 'You are in the queue; wait for a free slot.'
      : status === 'stalled'
        ? 'Your connection dropped; reconnect to keep playing.'
        : 'Press Play first: you are not playing.';
  return new ApiError(403, 'NOT_PLAYING', message, { status });
}
