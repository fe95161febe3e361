// A section of docs/benchmarks.md kept between its own markers
// (`<!-- bench:<name>:start -->` … `<!-- bench:<name>:end -->`), so that the generated
// document and each separately measured section are rewritten independently.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const markers = (name) => [`<!-- bench:${name}:start -->`, `<!-- bench:${name}:end -->`];

/** The section's text as last written into the document at `path`, or null. */
export function readSection(path, name) {
  const [start, end] = markers(name);
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const at = doc.indexOf(start);
  const to = doc.indexOf(end);
  return at >= 0 && to > at ? doc.slice(at + start.length + 1, to) : null;
}

/** Replaces (or appends) the section `name` of the document at `path` with `text`. */
export function writeSection(path, name, text) {
  const [start, end] = markers(name);
  const block = `${start}\n${text}${end}\n`;
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const at = doc.indexOf(start);
  const to = doc.indexOf(end);
  const next = at >= 0 && to > at ? doc.slice(0, at) + block + doc.slice(to + end.length + 1) : `${doc.trimEnd()}\n\n${block}`;
  writeFileSync(path, next);
}
