import { describe, expect, it } from 'vitest';
import { displayValue, isSecretVariable, scrubValue } from './secret-redaction';

describe('secret redaction for start-up errors', () => {
  it('never shows secret variables, including ones added later by name', () => {
    for (const name of ['JWT_SECRET', 'GOOGLE_CLIENT_SECRET', 'TELEGRAM_BOT_TOKEN', 'METRICS_TOKEN', 'SOME_API_KEY', 'SMTP_PASSWORD']) {
      expect(isSecretVariable(name), name).toBe(true);
      expect(displayValue(name, 'whatever-value')).toBeNull();
    }
    expect(isSecretVariable('CANVAS_WIDTH')).toBe(false);
  });

  it('replaces the password of a URL (DATABASE_URL, REDIS_URL and any other)', () => {
    expect(displayValue('DATABASE_URL', 'postgres://pixels:hunter2@db.example:5432/pixels')).toBe('"postgres://pixels:<redacted>@db.example:5432/pixels"');
    expect(displayValue('REDIS_URL', 'redis://:s3cret@cache:6379/0')).toBe('"redis://:<redacted>@cache:6379/0"');
    expect(displayValue('REDIS_URL', 'rediss://cache.example:6380?password=s3cret')).toBe('"rediss://cache.example:6380?<redacted>"');
    expect(displayValue('PUBLIC_URL', 'https://pixels.example')).toBe('"https://pixels.example/"');
  });

  it('hides the stream key of STREAM_RTMP_URL, also when it is not a valid URL', () => {
    expect(displayValue('STREAM_RTMP_URL', 'rtmp://a.rtmp.youtube.com/live2/abcd-efgh')).toBe('"rtmp://a.rtmp.youtube.com/live2/<redacted>"');
    expect(displayValue('STREAM_RTMP_URL', 'a.rtmp.youtube.com/live2/abcd-efgh')).toBeNull();
    expect(displayValue('STREAM_RTMP_URL', '/tmp/out.flv')).toBe('"/tmp/out.flv"');
  });

  it('scrubs a secret that a validation message repeats', () => {
    const message = scrubValue('Invalid TELEGRAM_BOT_TOKEN: received "12:abcdef"', 'TELEGRAM_BOT_TOKEN', '12:abcdef');
    expect(message).not.toContain('12:abcdef');
    expect(scrubValue('bad: pw=hunter2 in postgres://u:hunter2@h/db', 'DATABASE_URL', 'postgres://u:hunter2@h/db')).not.toContain('hunter2');
    expect(scrubValue('Invalid CANVAS_WIDTH="abc"', 'CANVAS_WIDTH', 'abc')).toBe('Invalid CANVAS_WIDTH="abc"');
  });
});
