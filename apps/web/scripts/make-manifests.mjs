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

/** Language code → catalogue, for every catalogue file. */
export function readCatalogues() {
  const catalogues = new Map();
  for (const file of readdirSync(CATALOGUES).filter((f) => f.endsWith('.json')).sort()) {
    catalogues.set(file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(CATALOGUES, file), 'utf8')));
  }
  return catalogues;
}

/** File name (in public/) → contents, for the default manifest and each other language. */
export function buildManifests() {
  const catalogues = readCatalogues();
  const current = JSON.parse(readFileSync(join(PUBLIC, 'manifest.webmanifest'), 'utf8'));
  const base = Object.fromEntries(
    Object.entries(current).filter(([key]) => key !== 'lang' && !(key in TEXT_MEMBERS) && !key.endsWith('_localized')),
  );
  const texts = (catalogue) => Object.fromEntries(Object.entries(TEXT_MEMBERS).map(([member, key]) => [member, catalogue[key]]));
  const others = [...catalogues.keys()].filter((code) => code !== DEFAULT_LOCALE);
  const localized = Object.fromEntries(
    Object.entries(TEXT_MEMBERS).map(([member, key]) => [`${member}_localized`, Object.fromEntries(others.map((code) => [code, catalogues.get(code)[key]]))]),
  );
  const files = new Map();
  const write = (name, manifest) => files.set(name, JSON.stringify(manifest, null, 2) + '\n');
  write('manifest.webmanifest', { lang: DEFAULT_LOCALE, ...texts(catalogues.get(DEFAULT_LOCALE)), ...base, ...localized });
  for (const code of others) write(`manifest.${code}.webmanifest`, { lang: code, ...texts(catalogues.get(code)), ...base });
  return files;
}

/** Names of the files in public/ that differ from what the catalogues say. */
export function staleManifests() {
  return [...buildManifests()].filter(([name, text]) => {
    const path = join(PUBLIC, name);
    return !existsSync(path) || readFileSync(path, 'utf8') !== text;
  }).map(([name]) => name);
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
