/**
 * Terms summed as a balanced tree, `(a+b)+(c+d)`: ffmpeg's expression parser allows only
 * about 100 nested levels, which a flat sum of 256 terms exceeds; the tree needs 8.
 */
function balancedSum(terms: readonly string[]): string {
  if (terms.length === 1) return terms[0];
  const middle = Math.ceil(terms.length / 2);
  return `(${balancedSum(terms.slice(0, middle))})+(${balancedSum(terms.slice(middle))})`;
}

/** One palette channel as an ffmpeg `lut` expression: index `val` → channel value. */
function channelExpression(palette: readonly string[], channel: 0 | 1 | 2): string {
  const terms: string[] = [];
  palette.forEach((hex, index) => {
    const value = parseInt(hex.slice(1 + channel * 2, 3 + channel * 2), 16);
    if (value !== 0) terms.push(`eq(val,${index})*${value}`);
  });
  return terms.length ? balancedSum(terms) : '0';
}

/**
 * A filtergraph fragment that turns a `gray` input carrying palette indices (one byte
 * per pixel, exactly what the canvas stores) into exact RGB (`gbrp`): three lookup
 * tables, merged as the G, B and R planes. ffmpeg does the colour mapping, so the
 * server only copies the bitmap (1 byte per pixel, not 3) for every frame.
 */
export function paletteFilter(palette: readonly string[], input: string, output: string): string {
  const p = output.replace(/\W/g, '');
  const [r, g, b] = ([0, 1, 2] as const).map((channel) => channelExpression(palette, channel));
  return (
    `[${input}]split=3[${p}_g][${p}_b][${p}_r];` +
    `[${p}_g]lut=c0='${g}'[${p}_G];[${p}_b]lut=c0='${b}'[${p}_B];[${p}_r]lut=c0='${r}'[${p}_R];` +
    `[${p}_G][${p}_B][${p}_R]mergeplanes=map0s=0:map1s=1:map2s=2:format=gbrp[${output}]`
  );
}
