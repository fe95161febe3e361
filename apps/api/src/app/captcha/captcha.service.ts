import { Injectable, Logger } from '@nestjs/common';
import type { AltchaChallenge } from '@pixel-wars/protocol';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib';
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../common/api-error';
import type { CaptchaConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { afterPlacement, NO_TIMING } from './automation-rule';
import { ChallengeReplayRepository } from './challenge-replay.repository';
import { PlacementTimingStore } from './placement-timing.store';

/** Longest X-Altcha header read (a real payload is about 300 characters). */
const MAX_HEADER_CHARS = 2000;
const PURGE_EVERY_MS = 60_000;

const payloadSchema = z
  .object({
    algorithm: z.literal('SHA-256'),
    challenge: z.string().regex(/^[0-9a-f]{64}$/),
    number: z.number().int().nonnegative(),
    salt: z.string().min(1).max(200),
    signature: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

/**
 * Self-hosted proof-of-work in the ALTCHA format (altcha-lib): challenges signed with a key
 * derived from JWT_SECRET (every instance of a cluster shares it), each good once
 * (ChallengeReplayRepository) until it expires (`expires` in the signed salt).
 */
@Injectable()
export class CaptchaService {
  private readonly logger = new Logger('Captcha');
  readonly config: CaptchaConfig | null;
  private readonly hmacKey: string;
  private lastPurge = 0;

  constructor(
    configuration: ConfigurationService,
    private readonly replays: ChallengeReplayRepository,
    private readonly timings: PlacementTimingStore,
  ) {
    this.config = configuration.config.captcha;
    this.hmacKey = captchaHmacKey(configuration.config.auth.jwtSecret);
  }

  get enabled(): boolean {
    return this.config !== null;
  }

  async challenge(): Promise<AltchaChallenge> {
    const config = this.requireConfig();
    void this.purgeNow();
    const challenge = await createChallenge({
      hmacKey: this.hmacKey,
      algorithm: 'SHA-256',
      maxnumber: config.maxNumber,
      expires: new Date(Date.now() + config.ttlMs),
    });
    return {
      algorithm: 'SHA-256',
      challenge: challenge.challenge,
      maxnumber: challenge.maxnumber ?? config.maxNumber,
      salt: challenge.salt,
      signature: challenge.signature,
    };
  }

  /**
   * Passes when `header` (the X-Altcha value) is a solution of a challenge of ours that has
   * not expired and was never used; otherwise 403 CHALLENGE_REQUIRED with a fresh challenge.
   */
  async requireSolution(header: string | undefined): Promise<void> {
    if (!header) throw await this.challengeRequired('Solve the proof-of-work challenge and send its solution in the X-Altcha header.');
    const payload = decode(header);
    if (!payload || !(await verifySolution(payload, this.hmacKey, true))) {
      throw await this.challengeRequired('The challenge solution is wrong or expired; solve this one.');
    }
    const expires = Number(extractParams(payload)['expires']) * 1000;
    if (!(await this.replays.claim(payload.signature, expires))) throw await this.challengeRequired('This challenge was already used; solve this one.');
  }

  /** Before a placement: a player the automation rule flagged must send a solution first. */
  async beforePlacement(userId: string, header: string | undefined): Promise<void> {
    if (!(await this.timings.get(userId)).challenged) return;
    await this.requireSolution(header);
    await this.timings.set(userId, NO_TIMING);
  }

  /** After an accepted placement: `delayMs` after the previous cooldown ended (null: there was none). */
  async afterPlacement(userId: string, delayMs: number | null): Promise<void> {
    const config = this.requireConfig();
    const before = await this.timings.get(userId);
    const after = afterPlacement(before, delayMs, config);
    if (after.challenged && !before.challenged) this.logger.log(`placements of ${userId} look automated: a challenge is due with the next one`);
    await this.timings.set(userId, after);
  }

  private async challengeRequired(message: string): Promise<ApiError> {
    return new ApiError(403, 'CHALLENGE_REQUIRED', message, { challenge: await this.challenge() });
  }

  private async purgeNow(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.replays.purge(now).catch((error: unknown) => this.logger.warn(`used challenges not purged: ${(error as Error).message}`));
  }

  private requireConfig(): CaptchaConfig {
    if (!this.config) throw new ApiError(404, 'NOT_FOUND', 'Proof-of-work challenges are off on this server (CAPTCHA=off).');
    return this.config;
  }
}

/** The challenges' signing key, derived from JWT_SECRET (never the secret itself). */
export function captchaHmacKey(jwtSecret: string): string {
  return createHmac('sha256', jwtSecret).update('pixel-wars altcha v1').digest('hex');
}

function decode(header: string): z.infer<typeof payloadSchema> | null {
  if (header.length > MAX_HEADER_CHARS) return null;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(header, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
