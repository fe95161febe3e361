import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FONT_CANDIDATES: readonly (readonly [regular: string, bold: string])[] = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'], // Debian, Ubuntu (fonts-dejavu-core)
  ['/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf'], // Fedora
  ['/usr/share/fonts/ttf-dejavu/DejaVuSans.ttf', '/usr/share/fonts/ttf-dejavu/DejaVuSans-Bold.ttf'], // Alpine
  ['/usr/share/fonts/TTF/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf'], // Arch
  ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'],
  ['/System/Library/Fonts/Supplemental/Arial.ttf', '/System/Library/Fonts/Supplemental/Arial Bold.ttf'], // macOS
];

/** The first installed regular/bold font pair, or null (the stream then runs without text). */
export function findOverlayFonts(exists: (path: string) => boolean = existsSync): { font: string; boldFont: string } | null {
  for (const [font, bold] of FONT_CANDIDATES) {
    if (exists(font)) return { font, boldFont: exists(bold) ? bold : font };
  }
  return null;
}

export interface OverlayFacts {
  version: number;
  game: number;
  players: { playing: number; queued: number };
  now: Date;
}

export function overlayText({ version, game, players, now }: OverlayFacts): string {
  const time = now.toISOString().slice(0, 19).replace('T', ' ');
  const waiting = players.queued > 0 ? ` · ${players.queued} waiting` : '';
  return `version ${version} · game ${game}\n${players.playing} playing${waiting}\n${time} UTC`;
}

/**
 * The overlay text file that drawtext re-reads every frame. Written to a temporary file
 * and renamed over the old one, so ffmpeg never reads half a file; one write at a time.
 */
export class OverlayTextFile {
  private writing = false;

  private constructor(
    readonly path: string,
    private readonly dir: string,
  ) {}

  static async create(initial: string): Promise<OverlayTextFile> {
    const dir = await mkdtemp(join(tmpdir(), 'pixel-wars-stream-'));
    const file = new OverlayTextFile(join(dir, 'overlay.txt'), dir);
    await writeFile(file.path, initial);
    return file;
  }

  /** Replaces the text; skipped while the previous write is still running. */
  async update(text: string): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      const temporary = `${this.path}.tmp`;
      await writeFile(temporary, text);
      await rename(temporary, this.path);
    } finally {
      this.writing = false;
    }
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
