/** One block of `ffmpeg -progress` output (key=value lines ending with `progress=`). */
export interface EncoderProgress {
  frame: number;
  fps: number;
  bitrateKbps: number | null;
  outTimeSec: number;
  speed: number | null;
  dupFrames: number;
  dropFrames: number;
}

/** Feeds `-progress` text in any chunking; calls `onBlock` once per completed block. */
export class ProgressParser {
  private partial = '';
  private values = new Map<string, string>();

  constructor(private readonly onBlock: (progress: EncoderProgress) => void) {}

  push(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      this.values.set(key, value);
      if (key === 'progress') {
        this.onBlock(this.block());
        this.values = new Map();
      }
    }
  }

  private block(): EncoderProgress {
    const num = (key: string) => {
      const n = parseFloat(this.values.get(key) ?? '');
      return Number.isFinite(n) ? n : null;
    };
    return {
      frame: num('frame') ?? 0,
      fps: num('fps') ?? 0,
      bitrateKbps: num('bitrate'),
      outTimeSec: (num('out_time_us') ?? 0) / 1e6,
      speed: num('speed'),
      dupFrames: num('dup_frames') ?? 0,
      dropFrames: num('drop_frames') ?? 0,
    };
  }
}
