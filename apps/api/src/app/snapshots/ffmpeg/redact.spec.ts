import { describe, expect, it } from 'vitest';
import { redactTarget, scrubSecrets } from './redact';

describe('stream target redaction', () => {
  const youtube = 'rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop';

  it('shows scheme, host and application, never the key', () => {
    expect(redactTarget(youtube)).toBe('rtmp://a.rtmp.youtube.com/live2/<redacted>');
    expect(redactTarget('rtmps://user:pw@host:443/app/key?token=1')).toBe('rtmps://host:443/app/<redacted>?<redacted>');
    expect(redactTarget('/tmp/out.flv')).toBe('/tmp/out.flv');
  });

  it('scrubs the key from ffmpeg messages', () => {
    const line = `[rtmp @ 0x1] Server error: ${youtube}: Broken pipe; key abcd-efgh-ijkl-mnop again`;
    const scrubbed = scrubSecrets(line, youtube);
    expect(scrubbed).not.toContain('abcd-efgh');
    expect(scrubbed).toContain('Server error: <redacted>: Broken pipe; key <redacted> again');
  });
});
