import { Inject, Injectable, Optional } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { ClientAddressResolver } from '../common/client-address';
import { TelegramSettings } from './telegram-settings';

/** Webhook requests per client address per minute (Telegram sends a few per admin command). */
export const WEBHOOK_LIMIT_PER_MIN = 120;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const ADMITTED = Symbol('telegramWebhookAdmitted');

type GatedRequest = FastifyRequest & { [ADMITTED]?: true };

/**
 * The door of `POST /api/telegram/webhook`, hooked in by bootstrap ahead of the route's JSON
 * parser: it answers before a byte of the body is read — 404 unless the bot runs in
 * webhook mode, 429 past WEBHOOK_LIMIT_PER_MIN per client address, 401 without the secret
 * token registered with setWebhook. Only then is the body parsed and the update handled.
 */
@Injectable()
export class TelegramWebhookGate {
  private readonly secret: Buffer | null;

  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    private readonly addresses: ClientAddressResolver,
    @Optional() settings?: TelegramSettings,
  ) {
    this.secret = settings?.webhookUrl ? Buffer.from(settings.webhookSecret) : null;
  }

  /** True when the request went through the gate (the controller refuses anything else). */
  admitted(req: FastifyRequest): boolean {
    return (req as GatedRequest)[ADMITTED] === true;
  }

  /** Bootstrap's `onRequest` hook for the webhook path: answers (and closes) or admits, before Fastify reads the body. */
  async check(req: GatedRequest, res: FastifyReply): Promise<boolean> {
    if (!this.secret) return refuse(res, 404, { code: 'NOT_FOUND', message: 'The Telegram webhook is not enabled.' });
    const limit = await this.storage.increment(`telegram-webhook:${this.addresses.key(req.raw)}`, 60_000, WEBHOOK_LIMIT_PER_MIN, 0, 'telegram-webhook');
    if (limit.isBlocked) {
      const retryAfterS = Math.max(1, limit.timeToBlockExpire);
      void res.header('Retry-After', String(retryAfterS));
      return refuse(res, 429, { code: 'RATE_LIMITED', message: 'Too many webhook requests; slow down.', retryAfterMs: retryAfterS * 1000 });
    }
    const given = req.headers[SECRET_HEADER];
    if (typeof given !== 'string' || !sameSecret(given, this.secret)) {
      return refuse(res, 401, { code: 'UNAUTHORIZED', message: 'Missing or wrong X-Telegram-Bot-Api-Secret-Token.' });
    }
    req[ADMITTED] = true;
    return true;
  }
}

/** Answers without reading the body and closes the connection, so the unread body goes nowhere. */
function refuse(res: FastifyReply, status: number, body: Record<string, unknown>): false {
  void res.code(status).header('Connection', 'close').send(body);
  return false;
}

function sameSecret(given: string, expected: Buffer): boolean {
  const candidate = Buffer.from(given);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
