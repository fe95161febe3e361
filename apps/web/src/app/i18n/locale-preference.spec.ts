import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DOCUMENT } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AuthResponse, Locale } from '@pixel-wars/protocol';
import { AuthStore } from '../auth/auth.store';
import { I18n } from './i18n';
import { LOCALE_HINTS, matchLocale, telegramLanguageCode } from './locale-detection';
import { LocalePreference } from './locale-preference';

const STORAGE_KEY = 'pixel-wars.locale';

function session(locale: Locale | null): AuthResponse {
  return { accessToken: 'tok', expiresIn: 900, user: { id: 'u1', name: 'Ada', email: 'ada@dev.local', role: 'player', locale } };
}

/** Lets promise chains (catalogue loads, HTTP) settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}

describe('the language on a first visit', () => {
  it('matches BCP 47 tags to a language by their primary subtag, in order', () => {
    expect(matchLocale(['ru-RU', 'en-US'])).toBe('ru');
    expect(matchLocale(['de-DE', 'EN_gb'])).toBe('en');
    expect(matchLocale(['de', 'fr'])).toBeNull();
    expect(matchLocale([null, undefined, ''])).toBeNull();
  });

  it('reads the Telegram Mini App language_code when there is one', () => {
    const global = globalThis as { Telegram?: unknown };
    expect(telegramLanguageCode()).toBeNull();
    global.Telegram = { WebApp: { initDataUnsafe: { user: { language_code: 'ru' } } } };
    try {
      expect(telegramLanguageCode()).toBe('ru');
    } finally {
      delete global.Telegram;
    }
  });
});

describe('LocalePreference', () => {
  let languages: string[];
  let hint: string | null;

  beforeEach(() => {
    localStorage.clear();
    languages = ['en-US'];
    hint = null;
    const doc = document;
    Object.defineProperty(doc.defaultView!.navigator, 'languages', { configurable: true, get: () => languages });
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: LOCALE_HINTS, useValue: [() => hint] }],
    });
  });

  afterEach(() => {
    localStorage.clear();
    TestBed.inject(HttpTestingController).verify();
  });

  const start = async () => {
    await TestBed.inject(LocalePreference).start();
    return TestBed.inject(I18n);
  };

  it('starts in the browser language, with <html lang> and the manifest following', async () => {
    languages = ['ru-RU', 'en'];
    const i18n = await start();
    TestBed.tick();
    expect(i18n.locale()).toBe('ru');
    expect(i18n.t('status.play')).toBe('Играть');
    const doc = TestBed.inject(DOCUMENT);
    expect(doc.documentElement.lang).toBe('ru');
  });

  it('prefers a hint (Telegram) to the browser, and a stored choice to both', async () => {
    hint = 'ru';
    expect((await start()).locale()).toBe('ru');
    localStorage.setItem(STORAGE_KEY, 'en');
    expect((await start()).locale()).toBe('en');
  });

  it('falls back to English for a language it does not speak', async () => {
    languages = ['de-DE', 'fr'];
    expect((await start()).locale()).toBe('en');
  });

  it('remembers a guest’s choice on the device, then saves it to the account at sign-in', async () => {
    const i18n = await start();
    const preference = TestBed.inject(LocalePreference);
    const auth = TestBed.inject(AuthStore);
    const http = TestBed.inject(HttpTestingController);
    auth.clear();
    await preference.choose('ru');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('ru');
    expect(i18n.locale()).toBe('ru');
    http.expectNone('/api/me/locale');

    const signIn = auth.signInDev('Ada');
    http.expectOne('/api/auth/dev').flush(session('en'));
    await signIn;
    TestBed.tick();
    const put = http.expectOne('/api/me/locale');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ locale: 'ru' });
    put.flush(null, { status: 204, statusText: 'No Content' });
    expect(i18n.locale()).toBe('ru');
  });

  it('applies the account’s language when a session starts, and saves a signed-in choice there', async () => {
    const i18n = await start();
    const preference = TestBed.inject(LocalePreference);
    const auth = TestBed.inject(AuthStore);
    const http = TestBed.inject(HttpTestingController);
    const signIn = auth.signInDev('Ada');
    http.expectOne('/api/auth/dev').flush(session('ru'));
    await signIn;
    TestBed.tick();
    await settle();
    expect(i18n.locale()).toBe('ru');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('ru');
    http.expectNone('/api/me/locale');

    const choosing = preference.choose('en');
    await settle();
    http.expectOne((r) => r.url === '/api/me/locale' && r.body?.locale === 'en').flush(null, { status: 204, statusText: 'No Content' });
    await choosing;
    expect(i18n.locale()).toBe('en');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('en');
  });
});
