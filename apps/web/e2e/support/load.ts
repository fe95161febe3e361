import { SeedPlayer, joinAsPlayer } from './seed';

export interface LoadResult {
  accepted: number;
  durationMs: number;
}

/**
 * Random placements as fast as `players` players can make them for `durationMs`
 * (run the server with COOLDOWN_MS=0). Resolves with how many the server accepted.
 */
export async function placeRandomly(url: string, width: number, height: number, players: number, durationMs: number): Promise<LoadResult> {
  const crew: SeedPlayer[] = await Promise.all(Array.from({ length: players }, (_, i) => joinAsPlayer(url, `load-${i}`)));
  const end = Date.now() + durationMs;
  const started = Date.now();
  let accepted = 0;
  await Promise.all(
    crew.map(async (player) => {
      while (Date.now() < end) {
        const body = { x: Math.floor(Math.random() * width), y: Math.floor(Math.random() * height), color: Math.floor(Math.random() * 32) };
        const response = await fetch(`${url}/api/canvas/pixels`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${player.token}` },
          body: JSON.stringify(body),
        });
        if (response.status === 201) accepted++;
        await response.arrayBuffer();
      }
    }),
  );
  crew.forEach((p) => p.socket.disconnect());
  return { accepted, durationMs: Date.now() - started };
}
