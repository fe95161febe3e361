import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { SqliteDatabase } from '../storage/sqlite-database';

const SALT_NAME = 'feedback_ip_salt';

/**
 * Hashes client IPs as hex SHA-256 of (salt || ip). The 32-byte random salt is created
 * once per database and kept there, so the same IP hashes alike across restarts (abuse
 * can be spotted) while the stored value cannot be reversed by enumerating addresses.
 */
@Injectable()
export class IpHasher {
  private readonly salt: Buffer;

  constructor(database: SqliteDatabase) {
    const db = database.db;
    db.prepare('INSERT OR IGNORE INTO feedback_secrets (name, value) VALUES (?, ?)').run(SALT_NAME, randomBytes(32));
    this.salt = db.prepare('SELECT value FROM feedback_secrets WHERE name = ?').pluck().get(SALT_NAME) as Buffer;
  }

  hash(ip: string): string {
    return createHash('sha256').update(this.salt).update(ip).digest('hex');
  }
}
