import { describe, expect, it } from 'vitest';
import { heatByte } from './heat-scale';

describe('heatByte', () => {
  it('is 0 for none and rises on a log scale up to 255', () => {
    expect([0, 1, 2, 3, 4, 8, 255, 256, 100_000].map(heatByte)).toEqual([0, 1, 33, 51, 65, 97, 255, 255, 255]);
  });
});
