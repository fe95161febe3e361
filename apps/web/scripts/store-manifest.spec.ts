import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript tools, run by node as well
import { buildManifests } from './make-manifests.mjs';

const PUBLIC = join(__dirname, '../public');

interface Manifest {
  lang: string;
  id?: string;
  categories?: string[];
  screenshots?: Array<{ src: string; sizes: string; type: string; form_factor: string; label: string }>;
  shortcuts?: Array<{ name: string; url: string; icons: Array<{ src: string }> }>;
}

/** Width x height from a PNG's IHDR chunk. */
function pngSize(path: string): string {
  const bytes = readFileSync(path);
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

describe('web app manifests: what app stores (Bubblewrap, PWABuilder) read', () => {
  const manifests = [...(buildManifests() as Map<string, string>)].map(([name, text]) => [name, JSON.parse(text) as Manifest] as const);

  it.each(manifests)('%s has id, categories, screenshots (narrow and wide, real sizes) and shortcuts in its language', (_name, manifest) => {
    expect(manifest.id).toBe('/');
    expect(manifest.categories).toContain('games');
    expect(manifest.screenshots?.map((s) => s.form_factor).sort()).toEqual(['narrow', 'wide']);
    for (const shot of manifest.screenshots ?? []) {
      expect(pngSize(join(PUBLIC, shot.src)), shot.src).toBe(shot.sizes);
      expect(shot.label.length).toBeGreaterThan(3);
    }
    expect(manifest.shortcuts?.map((s) => s.url)).toEqual(['/', '/history', '/feedback']);
    for (const shortcut of manifest.shortcuts ?? []) {
      expect(shortcut.name.length).toBeGreaterThan(2);
      for (const icon of shortcut.icons) expect(() => readFileSync(join(PUBLIC, icon.src))).not.toThrow();
    }
  });

  it('words the shortcuts in each language', () => {
    const byLang = new Map(manifests.map(([, m]) => [m.lang, m]));
    expect(byLang.get('en')?.shortcuts?.[0].name).toBe('Play');
    expect(byLang.get('ru')?.shortcuts?.[0].name).toBe('Играть');
    expect(byLang.get('ru')?.screenshots?.[0].src).toBe('screenshots/phone-ru.png');
  });
});
