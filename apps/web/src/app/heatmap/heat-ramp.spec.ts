import { HEAT_TABLE, heatColor, heatPixels } from './heat-ramp';

describe('heatmap colour ramp', () => {
  it('leaves pixels without activity fully transparent', () => {
    expect(heatColor(0)).toEqual([0, 0, 0, 0]);
    expect(heatPixels(new Uint8Array([0, 0]))).toEqual(new Uint8ClampedArray(8));
  });

  it('is translucent everywhere, more opaque with more activity', () => {
    let last = 0;
    for (let v = 1; v <= 255; v++) {
      const alpha = heatColor(v)[3];
      expect(alpha).toBeGreaterThan(0);
      expect(alpha).toBeLessThan(255);
      expect(alpha).toBeGreaterThanOrEqual(last);
      last = alpha;
    }
  });

  it('runs from cold blue to hot red', () => {
    const [r1, , b1] = heatColor(1);
    const [r255, g255, b255] = heatColor(255);
    expect(b1).toBeGreaterThan(r1);
    expect(r255).toBeGreaterThan(200);
    expect(g255).toBeLessThan(60);
    expect(b255).toBeLessThan(60);
  });

  it('is continuous: neighbouring levels differ little', () => {
    for (let v = 2; v <= 255; v++) {
      const a = heatColor(v - 1);
      const b = heatColor(v);
      for (let c = 0; c < 4; c++) expect(Math.abs(a[c] - b[c])).toBeLessThanOrEqual(8);
    }
  });

  it('maps a grid through the lookup table', () => {
    const px = heatPixels(new Uint8Array([0, 128, 255]));
    expect(Array.from(px.slice(4, 8))).toEqual(heatColor(128));
    expect(Array.from(px.slice(8, 12))).toEqual(Array.from(HEAT_TABLE.slice(255 * 4, 256 * 4)));
  });
});
