import { computeProgress, nextWrong, percentOf, wantedAt } from './template-progress';
import { PixelTemplate, TRANSPARENT, WrongPixel } from './template-model';

const T = TRANSPARENT;
// 3×2 template at (10, 20): one transparent cell.
const template: PixelTemplate = {
  id: 'abc',
  name: 'test',
  x: 10,
  y: 20,
  width: 3,
  height: 2,
  pixels: new Uint8Array([1, 2, T, 3, 3, 3]),
  owner: null,
  createdAt: null,
  progress: null,
};

function canvasWith(values: Record<string, number>) {
  return (x: number, y: number) => values[`${x},${y}`] ?? 0;
}

const grief = (x: number, y: number, want: number, have: number, version: number): WrongPixel => ({
  x,
  y,
  want,
  have,
  version,
  user: { id: 'u', name: 'griefer' },
});

describe('template progress', () => {
  it('counts non-transparent cells and those the canvas shows right', () => {
    expect(computeProgress(template, canvasWith({}))).toEqual({ matching: 0, total: 5, percent: 0 });
    const some = canvasWith({ '10,20': 1, '11,20': 2, '12,20': 9, '10,21': 3 });
    expect(computeProgress(template, some)).toEqual({ matching: 3, total: 5, percent: 60 });
    const all = canvasWith({ '10,20': 1, '11,20': 2, '10,21': 3, '11,21': 3, '12,21': 3 });
    expect(computeProgress(template, all).percent).toBe(100);
  });

  it('rounds the percentage down so 100 means done', () => {
    expect(percentOf(999, 1000)).toBe(99.9);
    expect(percentOf(9999, 10000)).toBe(99.9);
    expect(percentOf(0, 0)).toBe(100);
  });

  it('knows the wanted colour inside the template only', () => {
    expect(wantedAt(template, 11, 20)).toBe(2);
    expect(wantedAt(template, 12, 20)).toBeNull();
    expect(wantedAt(template, 9, 20)).toBeNull();
    expect(wantedAt(template, 12, 22)).toBeNull();
  });

  it('jumps to the most recent grief still wrong on the live canvas', () => {
    const colors = canvasWith({ '10,20': 1, '11,20': 5, '10,21': 7, '11,21': 3, '12,21': 3 });
    const list = [grief(12, 21, 3, 8, 90), grief(10, 21, 3, 7, 80), grief(11, 20, 2, 5, 70)];
    // (12,21) has been repaired since the list was read: skip it.
    expect(nextWrong(template, list, colors)).toEqual({ x: 10, y: 21, want: 3 });
    // Tapping again moves on from the pixel just shown.
    expect(nextWrong(template, list, colors, { x: 10, y: 21 })).toEqual({ x: 11, y: 20, want: 2 });
  });

  it('falls back to the first wrong cell, and null when the template is complete', () => {
    const colors = canvasWith({ '10,20': 1, '11,20': 2, '10,21': 3, '11,21': 4, '12,21': 3 });
    expect(nextWrong(template, [], colors)).toEqual({ x: 11, y: 21, want: 3 });
    expect(nextWrong(template, [], colors, { x: 11, y: 21 })).toEqual({ x: 11, y: 21, want: 3 });
    const done = canvasWith({ '10,20': 1, '11,20': 2, '10,21': 3, '11,21': 3, '12,21': 3 });
    expect(nextWrong(template, [grief(10, 20, 1, 4, 5)], done)).toBeNull();
  });
});
