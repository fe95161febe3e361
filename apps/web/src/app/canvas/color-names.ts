import type { Translate } from '../i18n/catalogue';

type Hue = 'red' | 'orange' | 'yellow' | 'green' | 'teal' | 'blue' | 'purple' | 'pink' | 'brown' | 'white' | 'black' | 'grey';

/** The colour family and lightness of a palette colour. */
export function colorFamily(hex: string): { hue: Hue; tone: 'light' | 'dark' | null } {
  const value = parseInt(hex.slice(1), 16);
  const r = ((value >> 16) & 0xff) / 255;
  const g = ((value >> 8) & 0xff) / 255;
  const b = (value & 0xff) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const light = (max + min) / 2;
  const chroma = max - min;
  if (chroma < 0.08) {
    if (light > 0.93) return { hue: 'white', tone: null };
    if (light < 0.08) return { hue: 'black', tone: null };
    return { hue: 'grey', tone: light > 0.6 ? 'light' : light < 0.35 ? 'dark' : null };
  }
  let hue = max === r ? ((g - b) / chroma) % 6 : max === g ? (b - r) / chroma + 2 : (r - g) / chroma + 4;
  hue = (hue * 60 + 360) % 360;
  const names: [number, Hue][] = [
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
  return { hue: name, tone: light > 0.75 ? 'light' : light < 0.3 ? 'dark' : null };
}

/**
 * A short spoken name for a palette colour ("dark red", "светло-синий"), so screen-reader
 * users can tell swatches apart. Approximate by design: hue buckets plus lightness.
 */
export function describeColor(hex: string, t: Translate): string {
  const { hue, tone } = colorFamily(hex);
  const name = t(`colour.${hue}`);
  return tone ? t(tone === 'light' ? 'colour.light' : 'colour.dark', { colour: name }) : name;
}
