/**
 * A short spoken name for a palette colour ("dark red", "light blue"), so screen-reader
 * users can tell swatches apart. Approximate by design: hue buckets plus lightness.
 */
export function describeColor(hex: string): string {
  const value = parseInt(hex.slice(1), 16);
  const r = ((value >> 16) & 0xff) / 255;
  const g = ((value >> 8) & 0xff) / 255;
  const b = (value & 0xff) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const light = (max + min) / 2;
  const chroma = max - min;
  if (chroma < 0.08) {
    if (light > 0.93) return 'white';
    if (light < 0.08) return 'black';
    return light > 0.6 ? 'light grey' : light < 0.35 ? 'dark grey' : 'grey';
  }
  let hue = max === r ? ((g - b) / chroma) % 6 : max === g ? (b - r) / chroma + 2 : (r - g) / chroma + 4;
  hue = (hue * 60 + 360) % 360;
  const names: [number, string][] = [
    [15, 'red'],
    [40, 'orange'],
    [65, 'yellow'],
    [160, 'green'],
    [195, 'teal'],
    [255, 'blue'],
    [290, 'purple'],
    [335, 'pink'],
    [360, 'red'],
  ];
  let name = names.find(([limit]) => hue < limit)?.[1] ?? 'red';
  if (name === 'orange' && light < 0.4) name = 'brown';
  const tone = light > 0.75 ? 'light ' : light < 0.3 ? 'dark ' : '';
  return tone + name;
}
