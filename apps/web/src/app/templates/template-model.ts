import { TRANSPARENT } from './quantize';

export { TRANSPARENT };

export interface TemplateProgress {
  matching: number;
  total: number;
  percent: number;
}

/** A template as `GET /api/templates/<id>` describes it, with `pixels` decoded. */
export interface PixelTemplate {
  id: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** width × height palette indices, TRANSPARENT (255) where the template is see-through. */
  pixels: Uint8Array;
  owner: { id: string; name: string } | null;
  createdAt: number | string | null;
  progress: TemplateProgress | null;
}

/** One entry of the grief list (`GET /api/templates/<id>/wrong`). */
export interface WrongPixel {
  x: number;
  y: number;
  want: number;
  have: number;
  version: number;
  user: { id: string; name: string } | null;
}

/** Where a template lies on the canvas. */
export interface Placement {
  x: number;
  y: number;
  width: number;
  height: number;
}
