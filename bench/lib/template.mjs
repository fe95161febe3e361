// The prose of docs/benchmarks.md lives in bench/templates/*.md; this fills their {{name}} slots.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function readTemplate(name) {
  return readFileSync(fileURLToPath(new URL(`../templates/${name}`, import.meta.url)), 'utf8');
}

/** Replaces every {{name}} with values[name]; a slot without a value is an error, not an empty string. */
export function fill(template, values, label = 'template') {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, key) => {
    if (!(key in values)) throw new Error(`${label}: no value for {{${key}}}`);
    return String(values[key]);
  });
}
