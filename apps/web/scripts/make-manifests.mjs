#!/usr/bin/env node
// Writes the web app manifest in every language of the PWA from the catalogues
// (src/app/i18n/catalogues/<code>.json: manifest.name, manifest.shortName,
// manifest.description). public/manifest.webmanifest is the default (English, plus the
// `*_localized` members for browsers that read them); public/manifest.<code>.webmanifest
// is each other language, which the app links while it shows that language.
// Run after changing a catalogue's manifest texts or the default manifest's other members:
//   node apps/web/scripts/make-manifests.mjs          (writes)
//   node apps/web/scripts/make-manifests.mjs --check  (exits 1 when a file is stale)
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..');
const CATALOGUES = join(WEB, 'src/app/i18n/catalogues');
const PUBLIC = join(WEB, 'public');
const DEFAULT_LOCALE = 'en';
const TEXT_MEMBERS = { name: 'manifest.name', short_name: 'manifest.shortName', description: 'manifest.description' };
// App stores (Play via Bubblewrap, Microsoft Store via PWABuilder) list these: shortcuts
// (long-press menu) and screenshots with a label, both in the manifest's language.
const SHORTCUTS = [
  { url: '/', name: 'manifest.shortcut.play' },
  { url: '/history', name: 'manifest.shortcut.history' },
  { url: '/feedback', name: 'manifest.shortcut.feedback' },
];
const SCREENSHOTS = [
  { file: 'phone', sizes: '720x1480', form_factor: 'narrow', label: 'manifest.screenshot.phone' },
  { file: 'desktop', sizes: '1280x800', form_factor: 'wide', label: 'manifest.screenshot.desktop' },
];
const GENERATED = new Set(['shortcuts', 'screenshots']);

/** The store members in one language; screenshots of another language are `<file>-<code>.png` when they exist. */
function storeMembers(code, catalogue) {
  const shot = (file) => (code !== DEFAULT_LOCALE && existsSync(join(PUBLIC, 'screenshots', `${file}-${code}.png`)) ? `${file}-${code}` : file);
  return {
    shortcuts: SHORTCUTS.map((s) => ({ name: catalogue[s.name], url: s.url, icons: [{ src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' }] })),
    screenshots: SCREENSHOTS.map((s) => ({
      src: `screenshots/${shot(s.file)}.png`,
      sizes: s.sizes,
      type: 'image/png',
      form_factor: s.form_factor,
      label: catalogue[s.label],
    })),
  };
}

/** Language code → catalogue, for every catalogue file. */
export function readCatalogues() {
  const catalogues = new Map();
  for (const file of readdirSync(CATALOGUES)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    catalogues.set(file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(CATALOGUES, file), 'utf8')));
  }
  return catalogues;
}

/** File name (in public/) → contents, for the default manifest and each other language. */
export function buildManifests() {
  const catalogues = readCatalogues();
  const current = JSON.parse(readFileSync(join(PUBLIC, 'manifest.webmanifest'), 'utf8'));
  const base = Object.fromEntries(
    Object.entries(current).filter(([key]) => key !== 'lang' && !(key in TEXT_MEMBERS) && !GENERATED.has(key) && !key.endsWith('_localized')),
  );
  const texts = (catalogue) => Object.fromEntries(Object.entries(TEXT_MEMBERS).map(([member, key]) => [member, catalogue[key]]));
  const others = [...catalogues.keys()].filter((code) => code !== DEFAULT_LOCALE);
  const localized = Object.fromEntries(
    Object.entries(TEXT_MEMBERS).map(([member, key]) => [`${member}_localized`, Object.fromEntries(others.map((code) => [code, catalogues.get(code)[key]]))]),
  );
  const files = new Map();
  const write = (name, manifest) => files.set(name, JSON.stringify(manifest, null, 2) + '\n');
  const english = catalogues.get(DEFAULT_LOCALE);
  write('manifest.webmanifest', { lang: DEFAULT_LOCALE, ...texts(english), ...base, ...storeMembers(DEFAULT_LOCALE, english), ...localized });
  for (const code of others)
    write(`manifest.${code}.webmanifest`, { lang: code, ...texts(catalogues.get(code)), ...base, ...storeMembers(code, catalogues.get(code)) });
  return files;
}

/** Names of the files in public/ that differ from what the catalogues say. */
export function staleManifests() {
  return [...buildManifests()]
    .filter(([name, text]) => {
      const path = join(PUBLIC, name);
      return !existsSync(path) || readFileSync(path, 'utf8') !== text;
    })
    .map(([name]) => name);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stale = staleManifests();
    if (stale.length) {
      console.error(`stale: ${stale.join(', ')} — run node apps/web/scripts/make-manifests.mjs`);
      process.exit(1);
    }
  } else {
    for (const [name, text] of buildManifests()) writeFileSync(join(PUBLIC, name), text);
  }
}
