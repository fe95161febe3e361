import { bytesToBase64 } from '@pixel-wars/protocol';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../common/api-error';
import { parseTemplateBody } from './template-body';
import { mismatches, templateProgress } from './template-progress';

const limits = { canvasWidth: 10, canvasHeight: 8, paletteSize: 16, maxSize: 4 };
const body = (overrides: Record<string, unknown> = {}) => ({ name: 'Heart', x: 6, y: 4, width: 4, height: 4, pixels: bytesToBase64(new Uint8Array(16).fill(3)), ...overrides });

function codeOf(work: () => unknown): string | null {
  try {
    work();
    return null;
  } catch (error) {
    return error instanceof ApiError ? `${error.getStatus()} ${error.code}` : String(error);
  }
}

describe('parseTemplateBody', () => {
  it('accepts a template inside the canvas, trimming the name', () => {
    expect(parseTemplateBody(body({ name: '  Heart ' }), limits)).toMatchObject({ name: 'Heart', x: 6, y: 4, width: 4, height: 4 });
  });

  it.each([
    ['empty name', { name: '  ' }],
    ['65-character name', { name: 'n'.repeat(65) }],
    ['control characters', { name: 'a\u0007b' }],
    ['outside on the right', { x: 7 }],
    ['outside at the bottom', { y: 5 }],
    ['side above TEMPLATE_MAX_SIZE', { width: 5, height: 1, x: 0, pixels: bytesToBase64(new Uint8Array(5)) }],
    ['wrong byte count', { pixels: bytesToBase64(new Uint8Array(15)) }],
    ['not base64', { pixels: '***' }],
    ['a colour outside the palette', { pixels: bytesToBase64(new Uint8Array(16).fill(16)) }],
    ['nothing visible', { pixels: bytesToBase64(new Uint8Array(16).fill(255)) }],
    ['a negative coordinate', { x: -1 }],
    ['an extra field', { extra: 1 }],
    ['not an object', null],
  ])('refuses %s with 400 INVALID_TEMPLATE', (_name, overrides) => {
    expect(codeOf(() => parseTemplateBody(overrides === null ? null : body(overrides), limits))).toBe('400 INVALID_TEMPLATE');
  });
});

describe('template progress', () => {
  const canvas = { width: 4, height: 3, pixels: new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) };
  const template = { x: 1, y: 1, width: 2, height: 2, pixels: new Uint8Array([5, 255, 0, 10]) };

  it('counts visible pixels and those the canvas shows in the template colour', () => {
    expect(templateProgress(template, canvas)).toEqual({ matching: 2, total: 3, percent: 66.6 });
    expect(templateProgress({ ...template, pixels: new Uint8Array([5, 6, 9, 10]) }, canvas).percent).toBe(100);
  });

  it('lists the mismatching pixels with wanted and shown colours', () => {
    expect(mismatches(template, canvas)).toEqual([{ key: 2 * 65536 + 1, x: 1, y: 2, want: 0, have: 9 }]);
  });
});
