import { io, Socket } from 'socket.io-client';

export interface SeedPixel {
  x: number;
  y: number;
  color: number;
}

export interface SeedPlayer {
  token: string;
  socket: Socket;
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A dev-login player whose socket has reached `playing` (placing requires it). */
export async function joinAsPlayer(url: string, name: string): Promise<SeedPlayer> {
  const auth = await json<{ accessToken: string }>(
    await fetch(`${url}/api/auth/dev`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: url }, body: JSON.stringify({ name }) }),
  );
  const socket = io(`${url}/play`, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token: auth.accessToken },
    extraHeaders: { Origin: url },
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not reach playing`)), 10_000);
    socket.on('status', (s: { status: string }) => {
      if (s.status === 'playing') {
        clearTimeout(timer);
        resolve();
      }
    });
    socket.on('connect_error', (e) => reject(e));
  });
  return { token: auth.accessToken, socket };
}

/** One placement; a COOLDOWN answer is waited out and retried. */
export async function place(url: string, token: string, pixel: SeedPixel): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const response = await fetch(`${url}/api/canvas/pixels`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(pixel),
    });
    if (response.status !== 429) {
      await json(response);
      return;
    }
    const body = (await response.json()) as { retryAfterMs?: number };
    await new Promise((r) => setTimeout(r, (body.retryAfterMs ?? 200) + 20));
  }
  throw new Error(`could not place ${JSON.stringify(pixel)}`);
}

/**
 * Places pixels through the public API with several players in parallel (each one
 * respects its own cooldown), e.g. to draw something for screenshots.
 */
export async function seedPixels(url: string, pixels: SeedPixel[], players = 12, cooldownMs = 1000): Promise<void> {
  const crew = await Promise.all(Array.from({ length: Math.min(players, pixels.length) }, (_, i) => joinAsPlayer(url, `seed-${i}`)));
  try {
    for (let round = 0; round * crew.length < pixels.length; round++) {
      const batch = pixels.slice(round * crew.length, (round + 1) * crew.length);
      await Promise.all(batch.map((p, i) => place(url, crew[i].token, p)));
      if ((round + 1) * crew.length < pixels.length) await new Promise((r) => setTimeout(r, cooldownMs + 30));
    }
  } finally {
    crew.forEach((p) => p.socket.disconnect());
  }
}

/**
 * The Pixel Wars mark as pixels: a black tile with a 3×3 block of palette colours,
 * `size` pixels per block, one pixel of gap and border.
 */
export function logoPixels(left: number, top: number, size: number): SeedPixel[] {
  // Default palette: red-orange, orange, yellow / dark red, white, green / violet, blue, cyan.
  const blocks = [
    [2, 3, 4],
    [1, 31, 7],
    [16, 13, 14],
  ];
  const side = 3 * size + 4;
  const out: SeedPixel[] = [];
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const bx = Math.floor((x - 1) / (size + 1));
      const by = Math.floor((y - 1) / (size + 1));
      const inBlock = x >= 1 && y >= 1 && x < side - 1 && y < side - 1 && (x - 1) % (size + 1) < size && (y - 1) % (size + 1) < size;
      out.push({ x: left + x, y: top + y, color: inBlock ? blocks[by][bx] : 27 });
    }
  }
  return out;
}

/** 3×5 pixel glyphs for the few letters the screenshots need. */
const GLYPHS: Record<string, string[]> = {
  P: ['###', '#.#', '###', '#..', '#..'],
  I: ['###', '.#.', '.#.', '.#.', '###'],
  X: ['#.#', '#.#', '.#.', '#.#', '#.#'],
  E: ['###', '#..', '##.', '#..', '###'],
  L: ['#..', '#..', '#..', '#..', '###'],
  W: ['#.#', '#.#', '#.#', '###', '#.#'],
  A: ['.#.', '#.#', '###', '#.#', '#.#'],
  R: ['##.', '#.#', '##.', '#.#', '#.#'],
  S: ['###', '#..', '###', '..#', '###'],
  ' ': ['..', '..', '..', '..', '..'],
};

/** Text in the 3×5 font, one pixel between letters. */
export function textPixels(text: string, left: number, top: number, color: number): SeedPixel[] {
  const out: SeedPixel[] = [];
  let x = left;
  for (const char of text.toUpperCase()) {
    const glyph = GLYPHS[char] ?? GLYPHS[' '];
    glyph.forEach((row, dy) => [...row].forEach((cell, dx) => cell === '#' && out.push({ x: x + dx, y: top + dy, color })));
    x += glyph[0].length + 1;
  }
  return out;
}
