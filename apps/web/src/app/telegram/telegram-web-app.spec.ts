import { applyTelegramInsets, applyTelegramTheme } from './telegram-theme';
import { TelegramWindow, loadTelegramWebApp, openedInTelegram } from './telegram-web-app';

function fakeWindow(hash: string, search = '', extra: Partial<TelegramWindow> = {}): Window & TelegramWindow {
  return { location: { hash, search }, ...extra } as unknown as Window & TelegramWindow;
}

describe('Telegram Mini App detection and loading', () => {
  it('recognises Telegram by its launch parameters, its webview proxy or a present WebApp', () => {
    expect(openedInTelegram(fakeWindow('#tgWebAppData=query_id%3DAA&tgWebAppVersion=8.0'))).toBe(true);
    expect(openedInTelegram(fakeWindow('#x=1&tgWebAppData=abc'))).toBe(true);
    expect(openedInTelegram(fakeWindow('', '?tgWebAppData=abc'))).toBe(true);
    expect(openedInTelegram(fakeWindow('', '', { TelegramWebviewProxy: {} }))).toBe(true);
    expect(openedInTelegram(fakeWindow('', '', { Telegram: { WebApp: { initData: 'a=1' } as never } }))).toBe(true);
    expect(openedInTelegram(fakeWindow('#section', '?x=1&y=2'))).toBe(false);
    expect(openedInTelegram(fakeWindow('', '', { Telegram: { WebApp: { initData: '' } as never } }))).toBe(false);
  });

  it('takes an already present Telegram.WebApp as loaded, without adding Telegram’s script', async () => {
    const webApp = { initData: 'a=1' };
    const doc = document.implementation.createHTMLDocument('t');
    Object.defineProperty(doc, 'defaultView', { value: { Telegram: { WebApp: webApp } } });
    expect(await loadTelegramWebApp(doc)).toBe(webApp);
    expect(doc.querySelector('script')).toBeNull();
  });

  it('maps the theme parameters onto the app’s colour tokens, ignoring what is not a colour', () => {
    const root = document.createElement('html');
    applyTelegramTheme(root, { bg_color: '#17212b', button_color: '#5288c1', text_color: 'red;x:y' }, 'dark');
    expect(root.style.getPropertyValue('--bg')).toBe('#17212b');
    expect(root.style.getPropertyValue('--accent')).toBe('#5288c1');
    expect(root.style.getPropertyValue('--surface')).toBe('#17212b');
    expect(root.style.getPropertyValue('--text')).toBe('');
    expect(root.style.getPropertyValue('color-scheme')).toBe('dark');
    applyTelegramInsets(root, { top: 20, bottom: 10, left: 0, right: 0 }, { top: 46, bottom: 0, left: 0, right: 0 });
    expect(root.style.getPropertyValue('--safe-top')).toBe('66px');
  });
});
