/** The part of Telegram's `window.Telegram.WebApp` (Bot API 8) the PWA uses. */
export interface TelegramThemeParams {
  bg_color?: string;
  secondary_bg_color?: string;
  section_bg_color?: string;
  text_color?: string;
  hint_color?: string;
  link_color?: string;
  button_color?: string;
  button_text_color?: string;
  destructive_text_color?: string;
}

export interface TelegramInsets {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface TelegramBottomButton {
  setText(text: string): unknown;
  show(): unknown;
  hide(): unknown;
  enable(): unknown;
  disable(): unknown;
  onClick(callback: () => void): unknown;
  offClick(callback: () => void): unknown;
}

export interface TelegramWebApp {
  initData: string;
  initDataUnsafe?: { user?: { language_code?: string } };
  colorScheme?: 'light' | 'dark';
  themeParams?: TelegramThemeParams;
  safeAreaInset?: TelegramInsets;
  contentSafeAreaInset?: TelegramInsets;
  ready(): void;
  expand(): void;
  onEvent(event: string, handler: () => void): void;
  BackButton: { show(): unknown; hide(): unknown; onClick(callback: () => void): unknown; offClick(callback: () => void): unknown };
  MainButton: TelegramBottomButton;
  HapticFeedback?: { notificationOccurred(type: 'error' | 'success' | 'warning'): unknown; impactOccurred(style: string): unknown };
}

export interface TelegramWindow {
  Telegram?: { WebApp?: TelegramWebApp };
  TelegramWebviewProxy?: unknown;
}

export const TELEGRAM_SCRIPT_URL = 'https://telegram.org/js/telegram-web-app.js';

/**
 * Whether the page was opened as a Telegram Mini App: Telegram puts `tgWebAppData` in
 * the URL fragment (or query), its mobile apps expose `TelegramWebviewProxy`, and a test
 * (or an earlier load) may have provided `Telegram.WebApp` already.
 */
export function openedInTelegram(win: Window & TelegramWindow): boolean {
  const { hash, search } = win.location;
  return (
    /[#&?]tgWebAppData=/.test(hash) || /[?&]tgWebAppData=/.test(search) || win.TelegramWebviewProxy !== undefined || Boolean(win.Telegram?.WebApp?.initData)
  );
}

/** Telegram.WebApp, loading Telegram's script first unless it is there already; null if it cannot load. */
export function loadTelegramWebApp(doc: Document, timeoutMs = 8000): Promise<TelegramWebApp | null> {
  const win = doc.defaultView as (Window & TelegramWindow) | null;
  const present = win?.Telegram?.WebApp;
  if (present) return Promise.resolve(present);
  return new Promise((resolve) => {
    const script = doc.createElement('script');
    const done = () => {
      clearTimeout(timer);
      resolve(win?.Telegram?.WebApp ?? null);
    };
    const timer = setTimeout(done, timeoutMs);
    script.src = TELEGRAM_SCRIPT_URL;
    script.async = true;
    script.onload = done;
    script.onerror = done;
    doc.head.appendChild(script);
  });
}
