import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse-command';

describe('parseCommand', () => {
  it('splits the command, the addressee and the arguments', () => {
    expect(parseCommand('/ban  a@b.c   30 ')).toEqual({ command: 'ban', addressee: null, text: 'a@b.c   30', args: ['a@b.c', '30'] });
    expect(parseCommand('/Stats@Pixel_Bot')).toEqual({ command: 'stats', addressee: 'Pixel_Bot', text: '', args: [] });
  });

  it('keeps line breaks of the text', () => {
    expect(parseCommand('/announce Line one\nLine two')?.text).toBe('Line one\nLine two');
  });

  it('is null for anything that is not a command', () => {
    expect(parseCommand('hello')).toBeNull();
    expect(parseCommand('/')).toBeNull();
    expect(parseCommand('/bad-name')).toBeNull();
  });
});
