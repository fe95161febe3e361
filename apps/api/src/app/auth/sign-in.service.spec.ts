import { describe, expect, it } from 'vitest';
import { devEmailFor, devNameKey } from './sign-in.service';

describe('dev-login names', () => {
  it('compare case-insensitively after NFKC: case, full-width forms and ß/ss are one account', () => {
    expect(devEmailFor('Ada')).toBe('ada@dev.local');
    expect(devEmailFor('ADA')).toBe(devEmailFor('ada'));
    expect(devEmailFor('Ａｄａ')).toBe(devEmailFor('ada')); // full-width letters (NFKC)
    expect(devNameKey('STRASSE')).toBe(devNameKey('straße'));
    expect(devNameKey('ΣΟΦΟΣ')).toBe(devNameKey('σοφος'));
    expect(devEmailFor('Élodie')).toBe(devEmailFor('ÉLODIE'));
    expect(devEmailFor('Élodie')).toBe(devEmailFor('E\u0301lodie')); // composed or not
  });

  it('keeps other scripts and accents: names that differ otherwise are different accounts', () => {
    const cyrillicA = '\u0410da'; // "Аda" with a Cyrillic А
    expect(devEmailFor(cyrillicA)).not.toBe(devEmailFor('da'));
    expect(devEmailFor(cyrillicA)).not.toBe(devEmailFor('Ada'));
    expect(devEmailFor('José')).not.toBe(devEmailFor('Jose'));
    expect(devEmailFor('Kırk')).not.toBe(devEmailFor('Kirk')); // dotless ı is its own letter
    expect(devEmailFor('Ada Lovelace')).not.toBe(devEmailFor('Ada-Lovelace'));
    expect(devEmailFor('Ada Lovelace')).not.toBe(devEmailFor('Ada_Lovelace'));
    expect(devEmailFor('ада')).toBe(devEmailFor('АДА'));
  });

  it('gives hashed addresses no name can produce', () => {
    expect(devEmailFor('Аda')).toMatch(/^dev\+[0-9a-f]{24}@dev\.local$/);
    expect(devEmailFor('Ada Lovelace')).toMatch(/^dev\+[0-9a-f]{24}@dev\.local$/);
    expect(devEmailFor('grace.hopper-1_x')).toBe('grace.hopper-1_x@dev.local');
  });
});
