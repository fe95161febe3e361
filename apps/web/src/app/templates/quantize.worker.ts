/// <reference lib="webworker" />
import { RgbaImage, quantize } from './quantize';

export interface QuantizeRequest {
  image: RgbaImage;
  palette: string[];
  maxSide: number;
}

// A 4000×3000 photo takes ~0.3 s to downscale: too long for the main thread.
addEventListener('message', ({ data }: MessageEvent<QuantizeRequest>) => {
  const result = quantize(data.image, data.palette, data.maxSide);
  postMessage(result, [result.pixels.buffer]);
});
