import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ApiError } from '../common/api-error';
import { ConfigurationService } from '../config/configuration.service';

const WINDOW_MS = 60_000;

/**
 * Accepted feedback per client (user id when signed in, else IP) per minute
 * (`FEEDBACK_RATE_LIMIT_PER_MIN`, default 5), counted in the app's throttler storage.
 * Only valid submissions count: a typo answered with 400 does not use up the allowance.
 * A sliding window without a block: the next submission is allowed once the oldest expires.
 */
@Injectable()
export class FeedbackRateLimiter {
  private readonly limit: number;

  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    configuration: ConfigurationService,
  ) {
    this.limit = configuration.config.rateLimit.feedbackPerMinute;
  }

  /** Counts one submission for `clientKey`; throws 429 `RATE_LIMITED` (with Retry-After) past the limit. */
  async consume(clientKey: string): Promise<void> {
    const record = await this.storage.increment(`feedback:${clientKey}`, WINDOW_MS, this.limit, 0, 'feedback');
    if (!record.isBlocked) return;
    const retryAfterMs = Math.max(1000, record.timeToBlockExpire * 1000);
    throw new ApiError(
      429,
      'RATE_LIMITED',
      `Too much feedback; at most ${this.limit} per minute. Try again in ${Math.ceil(retryAfterMs / 1000)} s.`,
      { retryAfterMs },
      { 'Retry-After': String(Math.ceil(retryAfterMs / 1000)) },
    );
  }
}
