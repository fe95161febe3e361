// Loads server classes straight from a checkout's TypeScript sources (esbuild, one ES module
// in bench/out), for the in-process benches. `root` may be another checkout of the project
// (a before/after comparison in one run); packages resolve from this one's node_modules.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OUT, ROOT } from './build.mjs';

/** `exports`: { 'placement/placement.service.ts': ['PlacementService'], … } relative to apps/api/src/app. */
export async function importSources(name, exports, root = ROOT) {
  mkdirSync(OUT, { recursive: true });
  const esbuild = await import('esbuild');
  const outfile = join(OUT, `${name}.mjs`);
  const lines = Object.entries(exports).map(([file, names]) => `export { ${names.join(', ')} } from './apps/api/src/app/${file}';`);
  await esbuild.build({
    stdin: { contents: `import 'reflect-metadata';\n${lines.join('\n')}`, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    alias: { '@pixel-wars/protocol': join(root, 'libs/protocol/src/index.ts') },
    tsconfig: join(ROOT, 'apps/api/tsconfig.app.json'),
    outfile,
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}
