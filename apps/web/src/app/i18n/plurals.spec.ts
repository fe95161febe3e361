import { TestBed } from '@angular/core/testing';
import { I18n } from './i18n';
import { formatMessage, formattersFor } from './message-format';

describe('plurals', () => {
  let i18n: I18n;

  beforeEach(() => {
    i18n = TestBed.inject(I18n);
  });

  it('uses the three Russian forms: 1 пиксель, 2 пикселя, 5 пикселей (and 11–14, 21, 22, 25…)', async () => {
    await i18n.use('ru');
    const pixels = (count: number) => i18n.t('canvas.size', { width: 10, count }).replace('10 на ', '');
    const expected: [number, string][] = [
      [1, '1 пиксель'],
      [2, '2 пикселя'],
      [3, '3 пикселя'],
      [4, '4 пикселя'],
      [5, '5 пикселей'],
      [11, '11 пикселей'],
      [12, '12 пикселей'],
      [13, '13 пикселей'],
      [14, '14 пикселей'],
      [21, '21 пиксель'],
      [22, '22 пикселя'],
      [25, '25 пикселей'],
      [0, '0 пикселей'],
      [101, '101 пиксель'],
      [111, '111 пикселей'],
      [112, '112 пикселей'],
      [1.5, '1,5 пикселя'],
    ];
    expect(expected.map(([n]) => pixels(n))).toEqual(expected.map(([, text]) => text));
  });

  it('declines the seconds of a cooldown after Russian prepositions too', async () => {
    await i18n.use('ru');
    expect([1, 2, 5, 11, 21, 22, 25].map((count) => i18n.t('place.wait', { count }))).toEqual([
      'Подождите 1 секунду',
      'Подождите 2 секунды',
      'Подождите 5 секунд',
      'Подождите 11 секунд',
      'Подождите 21 секунду',
      'Подождите 22 секунды',
      'Подождите 25 секунд',
    ]);
    expect([1, 2, 5, 21, 2000].map((count) => i18n.t('feedback.messageTooLong', { count }))).toEqual([
      'Сообщение должно быть не длиннее 1 символа.',
      'Сообщение должно быть не длиннее 2 символов.',
      'Сообщение должно быть не длиннее 5 символов.',
      'Сообщение должно быть не длиннее 21 символа.',
      // Numbers are written the Russian way (a narrow no-break space between thousands).
      `Сообщение должно быть не длиннее ${new Intl.NumberFormat('ru').format(2000)} символов.`,
    ]);
  });

  it('uses the two English forms: 1 pixel, 2 pixels, 21 pixels', () => {
    const pixels = (count: number) => i18n.t('canvas.size', { width: 10, count }).replace('10 by ', '');
    expect([1, 2, 5, 11, 21, 22, 25, 0].map(pixels)).toEqual([
      '1 pixel',
      '2 pixels',
      '5 pixels',
      '11 pixels',
      '21 pixels',
      '22 pixels',
      '25 pixels',
      '0 pixels',
    ]);
    expect(i18n.t('place.wait', { count: 1 })).toBe('Wait 1 second');
    expect(i18n.t('place.wait', { count: 3 })).toBe('Wait 3 seconds');
  });

  it('falls back to the "other" form when a language lacks one, and leaves unknown placeholders', () => {
    const f = formattersFor('ru');
    expect(formatMessage({ one: '{count} штука', other: '{count} штук' }, { count: 3 }, f)).toBe('3 штук');
    expect(formatMessage('{a} and {b}', { a: 'x' }, f)).toBe('x and {b}');
    expect(formatMessage({ one: 'one', other: 'many' }, undefined, f)).toBe('many');
  });
});
