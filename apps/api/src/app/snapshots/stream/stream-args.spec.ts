import { DEFAULT_PALETTE } from '@pixel-wars/protocol';
import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';
import { findOverlayFonts, overlayText } from './overlay';
import { ProgressParser } from './progress-parser';
import { fitCanvas, streamArgs } from './stream-args';

describe('fitCanvas', () => {
  it('scales up by a whole factor with nearest neighbour', () => {
    expect(fitCanvas(1000, 1000, 1920, 1080)).toEqual({ width: 1000, height: 1000, flags: 'neighbor' });
    expect(fitCanvas(100, 80, 1280, 720)).toEqual({ width: 900, height: 720, flags: 'neighbor' });
  });

  it('shrinks a canvas larger than the frame with area averaging, keeping its aspect', () => {
    expect(fitCanvas(2000, 2000, 1920, 1080)).toEqual({ width: 1080, height: 1080, flags: 'area' });
  });
});

describe('streamArgs', () => {
  const spec = {
    canvasWidth: 100,
    canvasHeight: 80,
    width: 1280,
    height: 720,
    fps: 2,
    palette: DEFAULT_PALETTE,
    overlay: { font: '/fonts/a.ttf', boldFont: '/fonts/a:b.ttf', textFile: '/tmp/x/overlay.txt', title: 'PIXEL WARS' },
    target: 'rtmp://a.rtmp.youtube.com/live2/key',
  };

  it('reads palette-index frames stamped by the wall clock and writes H.264 + AAC FLV at a constant rate', () => {
    const args = streamArgs(spec);
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(args.slice(args.indexOf('-f'), args.indexOf('-i') + 2)).toEqual([
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      '-video_size',
      '100x80',
      '-framerate',
      '2',
      '-use_wallclock_as_timestamps',
      '1',
      '-i',
      'pipe:0',
    ]);
    expect(args).toContain('anullsrc=channel_layout=stereo:sample_rate=44100');
    expect([after('-c:v'), after('-c:a'), after('-r'), after('-fps_mode'), after('-g')]).toEqual(['libx264', 'aac', '2', 'cfr', '4']);
    expect(args.slice(-5)).toEqual(['-f', 'flv', '-flvflags', 'no_duration_filesize', spec.target]);
    const graph = after('-filter_complex');
    expect(graph).toContain('scale=900:720:flags=neighbor');
    expect(graph).toContain('pad=1280:720:(ow-iw)/2:(oh-ih)/2');
    expect(graph).toContain("textfile='/tmp/x/overlay.txt':reload=1");
    expect(graph).toContain("fontfile='/fonts/a\\:b.ttf'"); // ':' escaped for the option parser
  });

  it('leaves the text out when no font is installed', () => {
    const graph = streamArgs({ ...spec, overlay: null })[streamArgs({ ...spec, overlay: null }).indexOf('-filter_complex') + 1];
    expect(graph).not.toContain('drawtext');
  });
});

describe('overlay', () => {
  it('finds the first installed font pair', () => {
    const installed = new Set(['/usr/share/fonts/TTF/DejaVuSans.ttf']);
    expect(findOverlayFonts((p) => installed.has(p))).toEqual({ font: '/usr/share/fonts/TTF/DejaVuSans.ttf', boldFont: '/usr/share/fonts/TTF/DejaVuSans.ttf' });
    expect(findOverlayFonts(() => false)).toBeNull();
  });

  it('shows version, game, players and UTC time', () => {
    const text = overlayText({ version: 1234, game: 2, players: { playing: 17, queued: 3 }, now: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) });
    expect(text).toBe('version 1234 · game 2\n17 playing · 3 waiting\n2025-01-02 03:04:05 UTC');
  });
});

describe('ProgressParser', () => {
  it('emits one reading per -progress block, whatever the chunking', () => {
    const blocks: unknown[] = [];
    const parser = new ProgressParser((b) => blocks.push(b));
    parser.push('frame=10\nfps=2.00\nbitrate= 812.3kbits/s\nout_time_us=5000000\ndup_fr');
    parser.push('ames=1\ndrop_frames=0\nspeed=1.01x\nprogress=continue\nframe=11\n');
    expect(blocks).toEqual([{ frame: 10, fps: 2, bitrateKbps: 812.3, outTimeSec: 5, speed: 1.01, dupFrames: 1, dropFrames: 0 }]);
  });
});

describe('Backoff', () => {
  it('doubles up to the cap and starts over after a reset', () => {
    const backoff = new Backoff(1000, 8000);
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([1000, 2000, 4000, 8000, 8000]);
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });
});
