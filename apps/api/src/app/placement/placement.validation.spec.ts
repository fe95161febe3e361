import { describe, expect, it } from 'vitest';
import { ApiError } from '../common/api-error';
import { parsePlacement } from './placement.validation';

function refusal(body: unknown): string {
  try {
    parsePlacement(body, 10, 8, 4);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const response = (error as ApiError).getResponse() as { code: string; message: string };
    expect((error as ApiError).getStatus()).toBe(400);
    expect(response.code).toBe('INVALID_PIXEL');
    return response.message;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

describe('parsePlacement', () => {
  it('accepts exactly {x, y, color} inside the canvas and palette, without copying the body', () => {
    const body = JSON.parse('{"x": 9, "y": 7, "color": 3}');
    expect(parsePlacement(body, 10, 8, 4)).toBe(body);
    expect(parsePlacement({ color: 0, y: 0, x: 0 }, 10, 8, 4)).toEqual({ x: 0, y: 0, color: 0 });
  });

  it.each([
    ['null', null],
    ['an array', [1, 2, 3]],
    ['a number', 5],
    ['a missing key', { x: 1, y: 1 }],
    ['an extra key', { x: 1, y: 1, color: 1, z: 0 }],
    ['a __proto__ key', JSON.parse('{"x": 1, "y": 1, "color": 1, "__proto__": {}}')],
    ['a fraction', { x: 1.5, y: 1, color: 1 }],
    ['a string', { x: '1', y: 1, color: 1 }],
    ['an unsafe integer', { x: 2 ** 53, y: 1, color: 1 }],
  ])('refuses %s as not exactly three integers', (_name, body) => {
    expect(refusal(body)).toBe('Body must be exactly {"x": integer, "y": integer, "color": integer}.');
  });

  it('refuses pixels outside the canvas and colours outside the palette', () => {
    expect(refusal({ x: 10, y: 0, color: 0 })).toBe('(10, 0) is outside the 10x8 canvas.');
    expect(refusal({ x: 0, y: -1, color: 0 })).toBe('(0, -1) is outside the 10x8 canvas.');
    expect(refusal({ x: 0, y: 0, color: 4 })).toBe('color must be a palette index in 0..3.');
  });
});
