/**
 * The stream target as it may appear in logs and /stats: for a network URL the scheme,
 * host and first path segment (`rtmp://a.rtmp.youtube.com/live2/<redacted>`); the
 * stream key, credentials and query are hidden. A local file path is shown as is.
 */
export function redactTarget(target: string): string {
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    const [first, ...rest] = url.pathname.split('/').filter(Boolean);
    const path = first ? `/${first}${rest.length ? '/<redacted>' : ''}` : '';
    return `${url.protocol}//${url.host}${path}${url.search ? '?<redacted>' : ''}`;
  } catch {
    return '<redacted>';
  }
}

/** Removes every secret part of `target` (key, credentials, query) from a text line. */
export function scrubSecrets(text: string, target: string): string {
  if (target.startsWith('/')) return text;
  const secrets = new Set<string>([target]);
  try {
    const url = new URL(target);
    const segments = url.pathname.split('/').filter(Boolean);
    for (const segment of segments.slice(1)) secrets.add(segment);
    if (url.search) secrets.add(url.search.slice(1));
    if (url.username) secrets.add(url.username);
    if (url.password) secrets.add(url.password);
    secrets.add(`${url.protocol}//${url.host}${url.pathname}`);
  } catch {
    // not a URL: only the whole string is known to be secret
  }
  let out = text;
  for (const secret of [...secrets].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join('<redacted>');
  }
  return out;
}
