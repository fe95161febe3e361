/** Variables whose whole value is a secret: never shown in an error. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'GOOGLE_CLIENT_SECRET', 'TELEGRAM_BOT_TOKEN', 'METRICS_TOKEN']);
/** Names that look like a secret whatever feature adds them later. */
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|_KEY|CREDENTIALS?)$/;
/** URLs whose path after the first segment is a key (RTMP stream keys). */
const KEYED_PATH_VARIABLES = new Set(['STREAM_RTMP_URL']);

const REDACTED = '<redacted>';

export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLES.has(name) || SECRET_NAME.test(name);
}

/**
 * A URL as it may be shown: the password of its user info, its query and (for
 * stream targets) its key path are replaced. Null when the text is not a URL with a
 * scheme and host (then nothing of it is known to be safe to show).
 */
function redactUrl(name: string, raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (!url.host) return null;
  const user = url.username || url.password ? `${url.username}${url.password ? `:${REDACTED}` : ''}@` : '';
  let path = url.pathname;
  if (KEYED_PATH_VARIABLES.has(name)) {
    const [first, ...rest] = path.split('/').filter(Boolean);
    path = first ? `/${first}${rest.length ? `/${REDACTED}` : ''}` : '';
  }
  return `${url.protocol}//${user}${url.host}${path}${url.search ? `?${REDACTED}` : ''}`;
}

/** Every part of a value that must not appear in an error text. */
function secretPartsOf(raw: string): string[] {
  const parts = new Set<string>([raw, raw.trim()]);
  try {
    const url = new URL(raw.trim());
    if (url.password) {
      parts.add(url.password);
      parts.add(decodeURIComponent(url.password));
    }
    if (url.search) parts.add(url.search.slice(1));
    for (const segment of url.pathname.split('/').filter(Boolean).slice(1)) parts.add(segment);
  } catch {
    // not a URL: the whole value is what is known
  }
  return [...parts].filter((p) => p.length >= 3).sort((a, b) => b.length - a.length);
}

/**
 * How a bad value may appear in a start-up error: quoted as it is for ordinary
 * variables; with credentials, query and stream key replaced for URLs that carry
 * secrets (any variable: a URL with a password is redacted wherever it appears);
 * not at all for secrets. Null means "do not show the value".
 */
export function displayValue(name: string, raw: string): string | null {
  if (isSecretVariable(name)) return null;
  const looksLikeUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim());
  if (looksLikeUrl) {
    const redacted = redactUrl(name, raw);
    return redacted === null ? null : JSON.stringify(redacted);
  }
  if (KEYED_PATH_VARIABLES.has(name) && !raw.trim().startsWith('/')) return null;
  return JSON.stringify(raw);
}

/** Removes any trace of a secret value (or its secret parts) from a message. */
export function scrubValue(text: string, name: string, raw: string): string {
  const shown = displayValue(name, raw);
  if (shown === JSON.stringify(raw)) return text;
  let out = text;
  for (const part of secretPartsOf(raw)) out = out.split(part).join(REDACTED);
  return out;
}
