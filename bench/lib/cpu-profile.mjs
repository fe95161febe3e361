// Sums V8 CPU profiles (.cpuprofile, from --cpu-prof) by where the time was spent: the
// npm package of the function (node_modules/<pkg>), node's own code, the server bundle
// (app), node's own modules (node:<module>), the garbage collector. Self time, as a share of the busy (non-idle) time.
import { readFileSync } from 'node:fs';

export function categoryOf(callFrame) {
  const { url, functionName } = callFrame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'program';
  if (!url) return 'native';
  const at = url.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = url.slice(at + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:'))
    return url
      .replace(/^node:(internal\/)?/, 'node:')
      .split('/')
      .slice(0, 2)
      .join('/');
  return 'app';
}

/** {busyMs, shares: [{category, pct}] sorted, top first} over every profile in `paths`. */
export function summarizeProfile(paths) {
  const byCategory = new Map();
  let busy = 0;
  for (const path of paths) {
    const profile = JSON.parse(readFileSync(path, 'utf8'));
    const category = new Map(profile.nodes.map((n) => [n.id, categoryOf(n.callFrame)]));
    for (let i = 0; i < profile.samples.length; i++) {
      const c = category.get(profile.samples[i]);
      const dt = profile.timeDeltas[i] ?? 0;
      if (c === 'idle') continue;
      busy += dt;
      byCategory.set(c, (byCategory.get(c) ?? 0) + dt);
    }
  }
  const shares = [...byCategory].map(([category, us]) => ({ category, pct: busy ? (us / busy) * 100 : 0 })).sort((a, b) => b.pct - a.pct);
  return { busyMs: busy / 1000, shares };
}
