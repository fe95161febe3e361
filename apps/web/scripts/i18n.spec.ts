import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, LOCALE_CODES } from '@pixel-wars/protocol';
// @ts-expect-error plain JavaScript tools, run by node as well
import { scanApp, scanSource } from './i18n-scan.mjs';
// @ts-expect-error plain JavaScript tools, run by node as well
import { readCatalogues, staleManifests } from './make-manifests.mjs';

interface Finding {
  file: string;
  line: number;
  text: string;
  why: string;
}

const ROOT = join(__dirname, '../../..');
const catalogues = readCatalogues() as Map<string, Record<string, unknown>>;

/** Every error code docs/protocol.md names: its error-code table, and any "4xx `CODE`" or handshake message. */
function documentedCodes(): string[] {
  const doc = readFileSync(join(ROOT, 'docs/protocol.md'), 'utf8');
  const tableStart = doc.indexOf('### Error codes');
  const table = doc.slice(tableStart, doc.indexOf('\n## ', tableStart));
  const codes = new Set<string>();
  for (const m of table.matchAll(/^\| `([A-Z][A-Z_]+)` \|/gm)) codes.add(m[1]);
  for (const m of doc.matchAll(/\b[45]\d\d `([A-Z][A-Z_]{2,})`/g)) codes.add(m[1]);
  for (const m of doc.matchAll(/(?:connect_error|refused with|message)[^.\n]*?`([A-Z][A-Z_]{2,})`/g)) codes.add(m[1]);
  return [...codes].sort();
}

describe('PWA texts live in the catalogues', () => {
  it('finds no hard-coded user-facing text in templates or code', () => {
    const findings = scanApp() as Finding[];
    expect(findings.map((f) => `${f.file}:${f.line} ${f.why}: ${f.text}`)).toEqual([]);
  });

  it('the scan does catch hard-coded text (template text, attributes, bindings, code)', () => {
    const source = [
      '@Component({ template: `',
      '  <h1>Hello there</h1>',
      '  <button aria-label="Close" title="Close it">{{ busy() ? \'Sending…\' : t(\'feedback.send\') }}</button>',
      "  @if (x) { <p>{{ t('status.play') }}</p> } @else { <p>Play</p> }",
      '  <span translate="no">Pixel Wars</span>',
      '` })',
      "export class X { label() { return 'Place'; } toast() { this.toasts.show('Link copied.'); } ru = 'Играть'; key = 't(\"status.play\")'; }",
    ].join('\n');
    const found = (scanSource(source, 'x.ts') as Finding[]).map((f) => f.text);
    expect(found).toEqual(['Hello there', 'Close', 'Close it', 'Sending…', 'Play', 'Place', 'Link copied.', 'Играть']);
  });

  it('has a catalogue for every language of LOCALES (libs/protocol) and no other', () => {
    expect([...catalogues.keys()].sort()).toEqual([...LOCALE_CODES].sort());
  });

  it('words every documented error code in every language', () => {
    const documented = documentedCodes();
    expect(documented).toEqual([...ERROR_CODES].sort());
    const missing = [...catalogues].flatMap(([code, catalogue]) =>
      documented
        .filter((error) => typeof catalogue[`errors.${error}`] !== 'string' && typeof catalogue[`errors.${error}`] !== 'object')
        .map((error) => `${code}: errors.${error}`),
    );
    expect(missing).toEqual([]);
  });

  it('keeps the web app manifests in step with the catalogues (node apps/web/scripts/make-manifests.mjs)', () => {
    expect(staleManifests()).toEqual([]);
  });
});
