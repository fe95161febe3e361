import { ViewLink } from './view-link';

describe('ViewLink.parse', () => {
  it('reads x, y and an optional zoom', () => {
    expect(ViewLink.parse('?x=12&y=7&z=24')).toEqual({ x: 12, y: 7, zoom: 24 });
    expect(ViewLink.parse('?y=3&x=1')).toEqual({ x: 1, y: 3, zoom: null });
    expect(ViewLink.parse('?x=4.9&y=2&z=1.5')).toEqual({ x: 4, y: 2, zoom: 1.5 });
  });

  it('ignores incomplete or malformed links', () => {
    expect(ViewLink.parse('')).toBeNull();
    expect(ViewLink.parse('?x=5')).toBeNull();
    expect(ViewLink.parse('?x=-1&y=2')).toBeNull();
    expect(ViewLink.parse('?x=abc&y=2')).toBeNull();
    expect(ViewLink.parse('?x=1&y=2&z=-3')).toEqual({ x: 1, y: 2, zoom: null });
  });
});
