import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigurationService } from '../../config/configuration.service';
import { FileHistoryImageStore, historyImageKey } from './history-image-store';

describe('FileHistoryImageStore', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'history-store-'));
  const store = new FileHistoryImageStore({ config: { dataDir } } as ConfigurationService);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores, streams and removes images under DATA_DIR/history', async () => {
    const key = historyImageKey(3, 1234);
    expect(key).toBe('game-3/v000001234.png');
    await store.put(key, Buffer.from('png bytes'));
    expect(readdirSync(join(dataDir, 'history', 'game-3'))).toEqual(['v000001234.png']); // no temporary left behind
    const image = await store.open(key);
    expect(image?.bytes).toBe(9);
    const chunks: Buffer[] = [];
    for await (const chunk of image!.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('png bytes');
    await store.remove(key);
    expect(await store.open(key)).toBeNull();
    await store.remove(key); // idempotent
  });

  it('refuses keys that could leave its directory', async () => {
    await expect(store.put('../escape.png', Buffer.alloc(1))).rejects.toThrow('invalid history image key');
    await expect(store.open('game-1/../../x.png')).rejects.toThrow('invalid history image key');
  });
});
