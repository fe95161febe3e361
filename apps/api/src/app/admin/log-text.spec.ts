import { describe, expect, it } from 'vitest';
import { forLog, LOG_TEXT_MAX } from './log-text';

describe('forLog', () => {
  it('escapes everything that could start a new log line or fool a terminal', () => {
    expect(forLog('a\nb\r\nc\td')).toBe('a\\nb\\r\\nc\\td');
    expect(forLog('\u001b[2J\u0000\u007f\u0085')).toBe('\\u001b[2J\\u0000\\u007f\\u0085');
    expect(forLog('x\u2028y\u2029z\u202eevil\u2066')).toBe('x\\u2028y\\u2029z\\u202eevil\\u2066');
    expect(forLog('C:\\n is not a newline')).toBe('C:\\\\n is not a newline');
    expect(forLog('plain text, émoji 🎨 and "quotes"')).toBe('plain text, émoji 🎨 and "quotes"');
  });

  it('cuts to a bounded length', () => {
    expect([...forLog('x'.repeat(10_000))]).toHaveLength(LOG_TEXT_MAX);
    expect(forLog('\n'.repeat(1000), 50)).toHaveLength(50);
    expect(forLog('abcdef', 4)).toBe('abc…');
  });
});
