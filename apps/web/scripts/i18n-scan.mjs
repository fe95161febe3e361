#!/usr/bin/env node
// Finds user-facing text written straight into the PWA's code instead of the catalogues
// (src/app/i18n/catalogues). It reads every component's inline template and every
// TypeScript string:
// - template text between tags, once `{{ … }}` bindings and `@if/@for/@case …` blocks are
//   taken out, must have no letters (elements marked translate="no" are skipped: names);
// - static aria-label, aria-roledescription, title, alt and placeholder attributes must
//   have no letters;
// - string literals inside bindings must be catalogue keys ('status.play') or codes
//   ('playing', 'is-active'), not words ('Play', 'Try again');
// - other TypeScript strings must not read like a sentence (two words), be Cyrillic, or
//   be a capitalised word returned or shown; Error/console messages and lines ending in
//   `// i18n-ignore` are exempt.
//   node apps/web/scripts/i18n-scan.mjs   (prints the findings; exits 1 when there are any)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..');
const APP = join(WEB, 'src/app');

const LETTER = /\p{L}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const KEY = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+$/;
const CODE = /^[a-z0-9_#:./-]*$/;
const TEXT_ATTRIBUTES = ['aria-label', 'aria-roledescription', 'aria-description', 'title', 'alt', 'placeholder'];
const VOID_ELEMENTS = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const CONTROL_FLOW = /@(?:if|else\s+if|else|for|switch|case|default|empty|defer|placeholder|loading|error)\b[^{]*\{|@let\b[^;]*;/g;

/** @typedef {{ file: string, line: number, text: string, why: string }} Finding */

/** Every .ts file under `dir` except specs. */
function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const lineAt = (source, index) => source.slice(0, index).split('\n').length;

/** String literals ('…', "…", `…` without nesting) in a piece of code, with their offsets. */
function literals(code) {
  const found = [];
  const pattern = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g;
  for (let m; (m = pattern.exec(code));) found.push({ value: m[1] ?? m[2] ?? m[3], index: m.index, end: pattern.lastIndex });
  return found;
}

/** A literal inside a template binding that is words rather than a key or a code. */
function isWordsInBinding(value) {
  return LETTER.test(value) && !KEY.test(value) && !CODE.test(value);
}

/** Splits a template into text runs and tags (quotes inside tags respected). */
function tokenize(template) {
  const tokens = [];
  let text = '';
  let textStart = 0;
  for (let i = 0; i < template.length;) {
    if (template[i] === '<' && /[A-Za-z/!]/.test(template[i + 1] ?? '')) {
      if (text) tokens.push({ kind: 'text', value: text, index: textStart });
      text = '';
      if (template.startsWith('<!--', i)) {
        const end = template.indexOf('-->', i);
        i = end < 0 ? template.length : end + 3;
        textStart = i;
        continue;
      }
      let j = i + 1;
      let quote = null;
      for (; j < template.length; j++) {
        const c = template[j];
        if (quote) {
          if (c === quote) quote = null;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      tokens.push({ kind: 'tag', value: template.slice(i, j + 1), index: i });
      i = j + 1;
      textStart = i;
      continue;
    }
    if (!text) textStart = i;
    text += template[i++];
  }
  if (text) tokens.push({ kind: 'text', value: text, index: textStart });
  return tokens;
}

/** Findings in one inline template; `offset` is where the template starts in the file. */
export function scanTemplate(template, file, source, offset) {
  /** @type {Finding[]} */
  const findings = [];
  const report = (index, text, why) => findings.push({ file, line: lineAt(source, offset + index), text: text.trim(), why });
  const bindingLiterals = (expression, index) => {
    for (const literal of literals(expression)) if (isWordsInBinding(literal.value)) report(index, literal.value, 'words in a binding');
  };
  const open = [];
  for (const token of tokenize(template)) {
    if (token.kind === 'tag') {
      const tag = token.value;
      const close = /^<\/([\w-]+)/.exec(tag);
      if (close) {
        const at = open.map((e) => e.name).lastIndexOf(close[1]);
        if (at >= 0) open.length = at;
        continue;
      }
      const name = /^<([\w-]+)/.exec(tag)?.[1];
      if (!name) continue;
      const quiet = /\btranslate="no"/.test(tag);
      if (!tag.endsWith('/>') && !VOID_ELEMENTS.has(name.toLowerCase())) open.push({ name, quiet });
      if (quiet || open.some((e) => e.quiet)) continue;
      for (const m of tag.matchAll(/([\w.[\]()@*-]+)\s*=\s*"([^"]*)"/g)) {
        const [, attribute, value] = m;
        const bound = /^[[(*]|^bind-|^on-/.test(attribute);
        if (bound) bindingLiterals(value, token.index);
        else if (TEXT_ATTRIBUTES.includes(attribute)) {
          const shown = value.replace(/\{\{[\s\S]*?\}\}/g, (b) => (bindingLiterals(b, token.index), ''));
          if (LETTER.test(shown)) report(token.index, value, `static ${attribute}`);
        }
      }
      continue;
    }
    if (open.some((e) => e.quiet)) continue;
    let text = token.value.replace(/\{\{([\s\S]*?)\}\}/g, (_, expression) => (bindingLiterals(expression, token.index), ' '));
    text = text.replace(CONTROL_FLOW, (block) => (bindingLiterals(block, token.index), ' ')).replace(/[{}]/g, ' ');
    text = text.replace(/&[a-z]+;|&#\d+;/gi, ' ');
    if (LETTER.test(text)) report(token.index, text, 'text in a template');
  }
  return findings;
}

/** Why a TypeScript string literal (outside templates) looks like text for people, or null. */
function tsFinding(value, before, after) {
  if (!LETTER.test(value) || KEY.test(value)) return null;
  if (
    /(?:new \w*Error|console\.\w+|import|from|require|querySelector(?:All)?|matchMedia|addEventListener|removeEventListener|getElementById|request)\s*\(?\s*$/.test(
      before,
    )
  )
    return null;
  if (/^\s*:/.test(after) && /[{,]\s*$/.test(before)) return null; // an object key
  if (/\bclass['"]?\s*:\s*$/.test(before)) return null; // CSS classes
  if (/[!=]==?\s*$/.test(before) || /^\s*[!=]==?/.test(after)) return null; // compared, never shown
  if (CYRILLIC.test(value)) return 'Cyrillic text';
  if (/\p{L}{2,}[\s\u00a0]+[\p{L}(]/u.test(value.replace(/\$\{[^}]*\}/g, 'x'))) return 'reads like a sentence';
  if (/^\p{Lu}\p{Ll}{2,}/u.test(value) && /(?:return|[?:]|show\(|set\(|emit\()\s*$/.test(before)) return 'a capitalised word shown to people';
  return null;
}

/** Findings in one file. */
export function scanSource(source, file) {
  /** @type {Finding[]} */
  const findings = [];
  const templates = [];
  for (const m of source.matchAll(/\btemplate:\s*`([\s\S]*?)`/g)) {
    const start = m.index + m[0].indexOf('`') + 1;
    templates.push([m.index, m.index + m[0].length]);
    findings.push(...scanTemplate(m[1], file, source, start));
  }
  const lines = source.split('\n');
  for (const literal of literals(source)) {
    if (templates.some(([from, to]) => literal.index >= from && literal.index < to)) continue;
    const line = lineAt(source, literal.index);
    const text = lines[line - 1];
    if (/\/\/ i18n-ignore\b/.test(text)) continue;
    const lineStart = source.lastIndexOf('\n', literal.index) + 1;
    const prefix = source.slice(lineStart, literal.index);
    if (/^\s*(\/\/|\*|\/\*)/.test(prefix) || /\/\/.*$/.test(prefix.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, ''))) continue; // a comment
    const why = tsFinding(literal.value, source.slice(Math.max(0, literal.index - 60), literal.index), source.slice(literal.end, literal.end + 10));
    if (why) findings.push({ file, line, text: literal.value, why });
  }
  return findings;
}

/** Every finding in the PWA's sources (the catalogues themselves are not scanned). */
export function scanApp(root = APP) {
  return sourceFiles(root).flatMap((path) => scanSource(readFileSync(path, 'utf8'), relative(WEB, path)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const findings = scanApp();
  for (const f of findings) console.log(`${f.file}:${f.line}  ${f.why}: ${JSON.stringify(f.text)}`);
  if (findings.length) process.exit(1);
  console.log('no hard-coded user-facing text found');
}
