import { describe, expect, it } from 'vitest';
import { escapeHtml, formatBytes, formatDuration, htmlToPlain, truncate } from './admin-format';

describe('admin reply formatting', () => {
  it('escapes and unescapes HTML', () => {
    expect(escapeHtml('<b>"a" & b</b>')).toBe('&lt;b&gt;&quot;a&quot; &amp; b&lt;/b&gt;');
    expect(htmlToPlain(`<b>${escapeHtml('1 < 2 & "x"')}</b>`)).toBe('1 < 2 & "x"');
  });

  it('truncates by characters', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello!', 5)).toBe('hell…');
    expect(truncate('🎨🎨🎨', 2)).toBe('🎨…');
  });

  it('formats durations and sizes', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(30 * 60_000)).toBe('30 min');
    expect(formatDuration(26 * 3_600_000)).toBe('26 h');
    expect(formatDuration(90 * 60_000)).toBe('1 h 30 min');
    expect(formatDuration(50 * 3_600_000)).toBe('2 d 2 h');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
