import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { FeedbackRepository } from './feedback.repository';

/**
 * Hashes client IPs as hex SHA-256 of (salt || ip). The 32-byte random salt is created
 * once per database and kept there, so the same IP hashes alike across restarts and
 * instances (abuse can be spotted) while the stored value cannot be reversed by
 * enumerating addresses. Loaded at start; a failed load is retried by the next hash.
 */
@Injectable()
export class IpHasher implements OnModuleInit {
  private salt: Promise<Buffer> | null = null;

  constructor(private readonly repository: FeedbackRepository) {}

  async onModuleInit(): Promise<void> {
    await this.loadSalt();
  }

  async hash(ip: string): Promise<string> {
    const salt = await this.loadSalt();
    return createHash('sha256').update(salt).update(ip).digest('hex');
  }

  private loadSalt(): Promise<Buffer> {
    this.salt ??= this.repository.ipSalt(randomBytes(32)).catch((error: unknown) => {
      this.salt = null;
      throw error;
    });
    return this.salt;
  }
}
