import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from '../admin-format';
import { BOT_CATALOGUES, BOT_LOCALES, botLocaleOf, BotMessage, botText } from './bot-catalogue';
import { en } from './catalogues/en';

const placeholders = (message: BotMessage): string[] => {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return [...new Set(texts.flatMap((text) => [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();
};

describe('admin console catalogues', () => {
  it.each(BOT_LOCALES)('%s has exactly the English keys, the same placeholders and no empty text', (locale) => {
    const catalogue = BOT_CATALOGUES[locale] as Record<string, BotMessage>;
    expect(catalogue).toBeDefined();
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(en)) {
      expect(placeholders(catalogue[key]), `${locale} ${key}`).toEqual(placeholders(message));
      const texts = typeof catalogue[key] === 'string' ? [catalogue[key]] : Object.values(catalogue[key]);
      for (const text of texts) expect((text as string).trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('Russian plural entries have the one, few and many forms; Russian texts are not left in English', () => {
    for (const [key, message] of Object.entries(BOT_CATALOGUES.ru ?? {})) {
      if (typeof message !== 'string') expect(Object.keys(message).sort(), key).toEqual(expect.arrayContaining(['few', 'many', 'one', 'other']));
      const english = (en as Record<string, BotMessage>)[key];
      // usages and technical lines may match English; sentences must not
      if (
        typeof message === 'string' &&
        /[a-z]{4,} [a-z]{4,}/i.test(message.replace(/<[^>]+>|\{\w+\}|STREAM_RTMP_URL|Pixel Wars|Telegram user id|npm run timelapse|event loop|realtime/g, ''))
      ) {
        throw new Error(`ru ${key} looks untranslated: ${message} (en: ${JSON.stringify(english)})`);
      }
    }
  });

  it('picks the Russian plural form by count (1, 2, 5, 11–14, 21, 22, 25)', () => {
    const form = (n: number) => botText('ru', 'announce.sent', { count: n }).replace(/^Объявление отправлено на \d+ /, '');
    expect([1, 21].map(form)).toEqual(['подключённый сокет.', 'подключённый сокет.']);
    expect([2, 22].map(form)).toEqual(['подключённых сокета.', 'подключённых сокета.']);
    expect([5, 11, 12, 13, 14, 25].map(form)).toEqual(Array(6).fill('подключённых сокетов.'));
    expect(botText('en', 'announce.sent', { count: 1 })).toBe('Announcement sent to 1 connected socket.');
    expect(botText('en', 'announce.sent', { count: 2 })).toBe('Announcement sent to 2 connected sockets.');
  });

  it('maps Telegram language codes: ru and ru-RU to Russian, anything else to English', () => {
    expect(botLocaleOf('ru')).toBe('ru');
    expect(botLocaleOf('ru-RU')).toBe('ru');
    expect(botLocaleOf('en-GB')).toBe('en');
    expect(botLocaleOf('uk')).toBe('en');
    expect(botLocaleOf(undefined)).toBe('en');
  });

  it('words durations and sizes in the language', () => {
    expect(formatDuration(90 * 60_000, 'ru')).toBe('1 ч 30 мин');
    expect(formatDuration(50 * 3_600_000, 'ru')).toBe('2 д 2 ч');
    expect(formatBytes(5 * 1024 * 1024, 'ru')).toBe('5.0 МБ');
    expect(formatDuration(45_000)).toBe('45 s');
  });
});
