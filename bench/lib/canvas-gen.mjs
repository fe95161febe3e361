// A deterministic, r/place-like canvas for snapshot figures: a white background
// covered by many "artworks" (flags with stripes, solid blocks with borders, blobby
// pixel art with a small palette, text-like glyph rows, dithered gradients) plus
// scribbles and scattered single-pixel noise. Not uniform, not random: compresses
// roughly like a busy real canvas (~1 bit per pixel at zlib level 6).

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function realisticCanvas(width, height, { colors = 32, background = 31, seed = 42, coverage = 0.65, noise = 0.025 } = {}) {
  const r = rng(seed ^ (width * 7919 + height));
  const px = new Uint8Array(width * height).fill(background);
  const int = (n) => Math.floor(r() * n);
  const pick = () => int(colors);
  const area = width * height;
  let covered = 0;
  const set = (x, y, c) => {
    if (x >= 0 && y >= 0 && x < width && y < height) px[y * width + x] = c;
  };

  while (covered < area * coverage) {
    const w = 8 + int(Math.min(220, width / 4));
    const h = 8 + int(Math.min(160, height / 4));
    const x0 = int(width - 4);
    const y0 = int(height - 4);
    const kind = int(5);
    if (kind === 0) {
      // flag: 2-5 stripes
      const stripes = 2 + int(4);
      const cs = Array.from({ length: stripes }, pick);
      const vertical = r() < 0.4;
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) set(x0 + x, y0 + y, cs[Math.floor((vertical ? x / w : y / h) * stripes)]);
    } else if (kind === 1) {
      // solid block with a border and a simple emblem
      const fill = pick();
      const border = pick();
      const emblem = pick();
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const edge = x < 2 || y < 2 || x >= w - 2 || y >= h - 2;
          const dx = x - w / 2;
          const dy = y - h / 2;
          set(x0 + x, y0 + y, edge ? border : dx * dx + dy * dy < (Math.min(w, h) / 4) ** 2 ? emblem : fill);
        }
    } else if (kind === 2) {
      // blobby pixel art: a low-res random grid, smoothed, 3-6 colours, scaled 1-3x
      const pal = Array.from({ length: 3 + int(4) }, pick);
      const scale = 1 + int(3);
      const gw = Math.ceil(w / scale);
      const gh = Math.ceil(h / scale);
      let grid = Array.from({ length: gw * gh }, () => int(pal.length));
      for (let pass = 0; pass < 2; pass++) {
        const next = grid.slice();
        for (let gy = 1; gy < gh - 1; gy++)
          for (let gx = 1; gx < gw - 1; gx++) {
            const n = [grid[(gy - 1) * gw + gx], grid[(gy + 1) * gw + gx], grid[gy * gw + gx - 1], grid[gy * gw + gx + 1]];
            const maj = n.find((v, i) => n.indexOf(v) !== i);
            if (maj !== undefined) next[gy * gw + gx] = maj;
          }
        grid = next;
      }
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) set(x0 + x, y0 + y, pal[grid[Math.floor(y / scale) * gw + Math.floor(x / scale)]]);
    } else if (kind === 3) {
      // text-like rows of 5x7 glyphs on a plain ground
      const ground = pick();
      const ink = pick();
      const glyphs = Array.from({ length: 26 }, () => Array.from({ length: 35 }, () => r() < 0.45));
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const gx = x % 6;
          const gy = y % 9;
          const g = glyphs[(Math.floor(x / 6) * 7 + Math.floor(y / 9) * 3) % 26];
          set(x0 + x, y0 + y, gx < 5 && gy < 7 && g[gy * 5 + gx] ? ink : ground);
        }
    } else {
      // dithered two-colour gradient
      const a = pick();
      const b = pick();
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) set(x0 + x, y0 + y, r() < x / w ? b : a);
    }
    covered += w * h;
  }
  // scribbles: random walks
  const walks = Math.floor(area / 20_000);
  for (let i = 0; i < walks; i++) {
    let x = int(width);
    let y = int(height);
    const c = pick();
    for (let s = 0; s < 400; s++) {
      set(x, y, c);
      x += int(3) - 1;
      y += int(3) - 1;
    }
  }
  // scattered single pixels
  const dots = Math.floor(area * noise);
  for (let i = 0; i < dots; i++) px[int(area)] = pick();
  return px;
}
