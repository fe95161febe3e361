import { describe, expect, it } from 'vitest';
import { AdminCommandError } from './admin-command';
import { MAX_BAN_MINUTES, parseColour, parseCount, parseMinutes, parseSize, splitArgs } from './command-args';

const palette = ['#ffffff', '#000000', '#ff4500'];

describe('command arguments', () => {
  it('splits the text after a command into words, keeping the text with its line breaks', () => {
    expect(splitArgs('  a@b.c   30 ')).toEqual({ text: 'a@b.c   30', args: ['a@b.c', '30'] });
    expect(splitArgs('Line one\nLine two')).toEqual({ text: 'Line one\nLine two', args: ['Line', 'one', 'Line', 'two'] });
    expect(splitArgs(' \n ')).toEqual({ text: '', args: [] });
  });

  it('reads a colour as a palette index or a palette hex', () => {
    expect(parseColour(undefined, palette)).toBeNull();
    expect(parseColour('2', palette)).toBe(2);
    expect(parseColour('#FF4500', palette)).toBe(2);
    expect(parseColour('000000', palette)).toBe(1);
    expect(() => parseColour('3', palette)).toThrow(AdminCommandError);
    expect(() => parseColour('#123456', palette)).toThrow('not a palette colour');
    expect(() => parseColour('red', palette)).toThrow('not a colour');
  });

  it('reads a size as WxH within the canvas limits', () => {
    expect(parseSize(undefined)).toBeNull();
    expect(parseSize('800x600')).toEqual({ width: 800, height: 600 });
    expect(parseSize('64×32')).toEqual({ width: 64, height: 32 });
    expect(() => parseSize('0x10')).toThrow('1–4096');
    expect(() => parseSize('5000x10')).toThrow('1–4096');
    expect(() => parseSize('big')).toThrow('not a size');
  });

  it('reads ban minutes (absent = permanent) and counts', () => {
    expect(parseMinutes(undefined)).toBeNull();
    expect(parseMinutes('90')).toBe(90);
    expect(() => parseMinutes('0')).toThrow(AdminCommandError);
    expect(() => parseMinutes(String(MAX_BAN_MINUTES + 1))).toThrow(AdminCommandError);
    expect(() => parseMinutes('1.5')).toThrow(AdminCommandError);
    expect(parseCount(undefined, 5, 20)).toBe(5);
    expect(parseCount('50', 5, 20)).toBe(20);
    expect(() => parseCount('0', 5, 20)).toThrow(AdminCommandError);
  });
});
