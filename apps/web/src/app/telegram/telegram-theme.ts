import { TelegramInsets, TelegramThemeParams } from './telegram-web-app';

/** The app's colour tokens (styles/tokens.css) and the Telegram theme parameter each takes. */
const TOKEN_FROM_THEME: ReadonlyArray<[token: string, ...params: Array<keyof TelegramThemeParams>]> = [
  ['--bg', 'bg_color'],
  ['--backdrop', 'secondary_bg_color', 'bg_color'],
  ['--surface', 'section_bg_color', 'bg_color'],
  ['--surface-glass', 'section_bg_color', 'bg_color'],
  ['--text', 'text_color'],
  ['--muted', 'hint_color'],
  ['--accent', 'button_color'],
  ['--accent-hover', 'button_color'],
  ['--accent-text', 'button_text_color'],
  ['--focus', 'link_color'],
  ['--danger', 'destructive_text_color'],
];

const HEX = /^#[0-9a-f]{3,8}$/i;

/** Paints the app in the Telegram client's colours (inline custom properties on <html>). */
export function applyTelegramTheme(root: HTMLElement, theme: TelegramThemeParams, scheme: 'light' | 'dark' | undefined): void {
  for (const [token, ...params] of TOKEN_FROM_THEME) {
    const value = params.map((p) => theme[p]).find((v) => v !== undefined && HEX.test(v));
    if (value) root.style.setProperty(token, value);
    else root.style.removeProperty(token);
  }
  if (scheme) root.style.setProperty('color-scheme', scheme);
}

/** Telegram's safe areas (full-screen notches, its own header) as --safe-top / --safe-bottom. */
export function applyTelegramInsets(root: HTMLElement, device: TelegramInsets | undefined, content: TelegramInsets | undefined): void {
  const top = (device?.top ?? 0) + (content?.top ?? 0);
  const bottom = (device?.bottom ?? 0) + (content?.bottom ?? 0);
  root.style.setProperty('--safe-top', `${top}px`);
  root.style.setProperty('--safe-bottom', `max(env(safe-area-inset-bottom, 0px), ${bottom}px)`);
}
