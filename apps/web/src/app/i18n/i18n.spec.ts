import { DOCUMENT } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { I18n } from './i18n';

describe('I18n', () => {
  let i18n: I18n;
  let doc: Document;

  beforeEach(() => {
    doc = TestBed.inject(DOCUMENT);
    doc.head.insertAdjacentHTML('beforeend', '<meta name="description" content="x"><link rel="manifest" href="manifest.webmanifest">');
    i18n = TestBed.inject(I18n);
  });

  afterEach(() => doc.head.querySelectorAll('meta[name="description"], link[rel="manifest"]').forEach((e) => e.remove()));

  it('switches texts, <html lang>, the description and the manifest together', async () => {
    TestBed.tick();
    expect(doc.documentElement.lang).toBe('en');
    expect(i18n.t('status.play')).toBe('Play');
    await i18n.use('ru');
    TestBed.tick();
    expect(i18n.t('status.play')).toBe('Играть');
    expect(doc.documentElement.lang).toBe('ru');
    expect(doc.querySelector('meta[name="description"]')?.getAttribute('content')).toContain('общий холст');
    expect(doc.querySelector('link[rel="manifest"]')?.getAttribute('href')).toBe('manifest.ru.webmanifest');
    await i18n.use('en');
    TestBed.tick();
    expect(doc.querySelector('link[rel="manifest"]')?.getAttribute('href')).toBe('manifest.webmanifest');
  });

  it('splits a message around a value that the template sets apart', async () => {
    expect(i18n.parts('status.ready', 'name', { name: 'Ada' })).toEqual({ before: 'Ready, ', value: 'Ada', after: '?' });
    await i18n.use('ru');
    expect(i18n.parts('pixel.placedBy', 'name', { name: 'Ада', when: 'вчера' })).toEqual({ before: 'Автор: ', value: 'Ада', after: ', вчера' });
  });

  it('formats numbers, dates and relative times in the language', async () => {
    const at = Date.UTC(2026, 11, 5, 12, 0);
    expect(i18n.number(12345)).toBe('12,345');
    expect(i18n.relativeTime(at - 3 * 60_000, at)).toBe('3 minutes ago');
    expect(i18n.dateTime(at, { dateStyle: 'long', timeZone: 'UTC' })).toBe('December 5, 2026');
    await i18n.use('ru');
    expect(i18n.number(12345)).toBe(new Intl.NumberFormat('ru').format(12345));
    expect(i18n.relativeTime(at - 3 * 60_000, at)).toBe('3 минуты назад');
    expect(i18n.relativeTime(at - 24 * 3600_000, at)).toBe('вчера');
    expect(i18n.dateTime(at, { dateStyle: 'long', timeZone: 'UTC' })).toBe('5 декабря 2026 г.');
  });
});
