import { Injectable, Logger } from '@nestjs/common';
import { addressKey } from '../common/client-address';
import { FeedbackBody } from './feedback.schema';
import { FeedbackRateLimiter } from './feedback-rate-limiter';
import { FeedbackRecord, FeedbackRepository } from './feedback.repository';
import { IpHasher } from './ip-hasher';

const USER_AGENT_MAX = 512;

/** Who sent a feedback: the signed-in user (if any) and the HTTP client. */
export interface FeedbackSender {
  userId: string | null;
  ip: string;
  userAgent: string | null;
}

export type FeedbackListener = (feedback: FeedbackRecord) => void;

/** Stores feedback first (durable before 201), then tells listeners (the Telegram forwarder). */
@Injectable()
export class FeedbackService {
  private readonly logger = new Logger(FeedbackService.name);
  private readonly listeners = new Set<FeedbackListener>();

  constructor(
    private readonly repository: FeedbackRepository,
    private readonly ipHasher: IpHasher,
    private readonly rateLimiter: FeedbackRateLimiter,
  ) {}

  async submit(body: FeedbackBody, sender: FeedbackSender): Promise<{ id: number }> {
    await this.rateLimiter.consume(sender.userId ? `user:${sender.userId}` : `ip:${addressKey(sender.ip)}`);
    const id = await this.repository.insert({
      message: body.message,
      contact: body.contact,
      userId: sender.userId,
      ipHash: await this.ipHasher.hash(sender.ip),
      userAgent: sender.userAgent ? sender.userAgent.slice(0, USER_AGENT_MAX) : null,
      createdAt: Date.now(),
    });
    const stored = await this.repository.findById(id);
    if (stored) this.notify(stored);
    return { id };
  }

  latest(limit: number): Promise<FeedbackRecord[]> {
    return this.repository.latest(limit);
  }

  /** Called synchronously after each stored feedback; returns an unsubscribe function. */
  onSubmitted(listener: FeedbackListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(feedback: FeedbackRecord): void {
    for (const listener of this.listeners) {
      try {
        listener(feedback);
      } catch (error) {
        this.logger.error(`feedback listener failed for #${feedback.id}: ${String(error)}`);
      }
    }
  }
}
