import { Injectable } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { ConfigurationService } from '../../config/configuration.service';

export interface StoredImage {
  bytes: number;
  stream: Readable;
}

/**
 * Where history images live. Keys look like `game-1/v000000123.png`. The file store is
 * the default; an object store (S3 and friends) can implement the same three calls.
 */
export abstract class HistoryImageStore {
  abstract put(key: string, data: Buffer): Promise<void>;
  /** The image, or null when it does not exist. */
  abstract open(key: string): Promise<StoredImage | null>;
  /** Deleting a missing image is not an error. */
  abstract remove(key: string): Promise<void>;
}

const KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*\.png$/;

export function historyImageKey(game: number, version: number): string {
  return `game-${game}/v${String(version).padStart(9, '0')}.png`;
}

/** Images as files under DATA_DIR/history, written atomically (temporary file + rename). */
@Injectable()
export class FileHistoryImageStore extends HistoryImageStore {
  readonly root: string;

  constructor(configuration: ConfigurationService) {
    super();
    this.root = join(configuration.config.dataDir, 'history');
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, path);
  }

  async open(key: string): Promise<StoredImage | null> {
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      return { bytes: info.size, stream: createReadStream(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`invalid history image key ${JSON.stringify(key)}`);
    return join(this.root, key);
  }
}
