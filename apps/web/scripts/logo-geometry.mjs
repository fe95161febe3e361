/**
 * The Pixel Wars mark in a 64×64 space: an ink tile with a 3×3 block of palette pixels,
 * the centre one lifted (being placed) with a soft shadow. Shared by the SVG and the PNGs.
 */
export const TILE = { color: '#161a33', radius: 14 };

export const SHAPES = [
  { x: 12, y: 12, w: 12, h: 12, r: 2, color: '#ff4500' },
  { x: 26, y: 12, w: 12, h: 12, r: 2, color: '#ffa800' },
  { x: 40, y: 12, w: 12, h: 12, r: 2, color: '#ffd635' },
  { x: 12, y: 26, w: 12, h: 12, r: 2, color: '#be0039' },
  { x: 40, y: 26, w: 12, h: 12, r: 2, color: '#00cc78' },
  { x: 12, y: 40, w: 12, h: 12, r: 2, color: '#6a5cff' },
  { x: 26, y: 40, w: 12, h: 12, r: 2, color: '#3690ea' },
  { x: 40, y: 40, w: 12, h: 12, r: 2, color: '#51e9f4' },
  { x: 26, y: 23, w: 12, h: 12, r: 2, color: '#ffffff' },
  { x: 27, y: 37, w: 10, h: 2, r: 1, color: '#000000', opacity: 0.4 },
];

export function svg() {
  const rects = SHAPES.map(
    (s) => `  <rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${s.color}"${s.opacity ? ` opacity="${s.opacity}"` : ''}/>`,
  ).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
  <title>Pixel Wars</title>
  <rect width="64" height="64" rx="${TILE.radius}" fill="${TILE.color}"/>
${rects}
</svg>
`;
}
