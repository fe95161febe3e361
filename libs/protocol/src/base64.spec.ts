import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as nodePath from './base64';
import { decodeBatchFrame, encodeBatch } from './batch';
import { ProtocolError } from './errors';

type Base64Module = typeof nodePath;

/** mulberry32: small deterministic PRNG so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(length: number, rand: () => number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(rand() * 256);
  return bytes;
}

/** Independent reference: node's Buffer, captured before any stubbing. */
const RealBuffer = globalThis.Buffer;
const reference = (bytes: Uint8Array) => RealBuffer.from(bytes).toString('base64');

const INVALID: unknown[] = [
  'A', // 1 char
  'AB', // unpadded
  'ABC', // unpadded
  'ABCDE',
  'A===',
  '====',
  '=AAA',
  'AB=C',
  'AB==AAAA', // padding in the middle
  'ABC==',
  'AB===',
  'AAAA ', // whitespace
  ' AAAA',
  'AA\nAA',
  'AAAA\r\n',
  'ab-_', // URL-safe alphabet
  'AB*D',
  'ÀÁÂÃ',
  'AAA\u0000',
  null,
  undefined,
  42,
  new Uint8Array(4),
];

function describePath(name: string, load: () => Promise<Base64Module>) {
  describe(name, () => {
    let b64: Base64Module;
    beforeAll(async () => {
      b64 = await load();
    });

    it('round trips random bytes of every length 0..300, matching the standard padded alphabet', () => {
      const rand = prng(name.length);
      for (let length = 0; length <= 300; length++) {
        const bytes = randomBytes(length, rand);
        const text = b64.bytesToBase64(bytes);
        expect(text).toBe(reference(bytes));
        expect(text.length).toBe(Math.ceil(length / 3) * 4);
        const back = b64.base64ToBytes(text);
        expect(back).toBeInstanceOf(Uint8Array);
        expect(back.length).toBe(length);
        expect(RealBuffer.compare(back, bytes)).toBe(0);
      }
    });

    it('known vectors (RFC 4648 section 10)', () => {
      const vectors: Array<[string, string]> = [
        ['', ''],
        ['f', 'Zg=='],
        ['fo', 'Zm8='],
        ['foo', 'Zm9v'],
        ['foob', 'Zm9vYg=='],
        ['fooba', 'Zm9vYmE='],
        ['foobar', 'Zm9vYmFy'],
      ];
      for (const [plain, encoded] of vectors) {
        const bytes = new TextEncoder().encode(plain);
        expect(b64.bytesToBase64(bytes)).toBe(encoded);
        expect(b64.base64ToBytes(encoded)).toEqual(bytes);
      }
      expect(b64.bytesToBase64(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('+/+/');
      expect(b64.base64ToBytes('+/+/')).toEqual(new Uint8Array([0xfb, 0xff, 0xbf]));
    });

    it('encodes only the bytes of a view, not its whole buffer', () => {
      const backing = Uint8Array.from({ length: 32 }, (_, i) => i);
      const view = backing.subarray(5, 12);
      expect(b64.bytesToBase64(view)).toBe(reference(view));
      expect(b64.base64ToBytes(b64.bytesToBase64(view))).toEqual(view);
    });

    it('handles large inputs (beyond the 32 KiB chunk of the browser path)', () => {
      const rand = prng(7);
      for (const length of [0x8000 - 1, 0x8000, 0x8000 + 1, 200_003]) {
        const bytes = randomBytes(length, rand);
        const text = b64.bytesToBase64(bytes);
        expect(text).toBe(reference(bytes));
        const back = b64.base64ToBytes(text);
        expect(back.length).toBe(length);
        expect(RealBuffer.compare(back, bytes)).toBe(0);
      }
    });

    it('carries a batch frame as on the wire (the `pixels` event)', () => {
      const frame = encodeBatch(0xfffffff0, [
        { x: 0, y: 0, color: 0 },
        { x: 0xffff, y: 0, color: 255 },
        { x: 4095, y: 4095, color: 31 },
      ]);
      const batch = decodeBatchFrame(b64.base64ToBytes(b64.bytesToBase64(frame)));
      expect(batch.firstVersion).toBe(0xfffffff0);
      expect(batch.count).toBe(3);
      expect(Array.from(batch.records)).toEqual(Array.from(frame.subarray(4)));
    });

    it('invalid base64 → ProtocolError BAD_BASE64', () => {
      for (const text of INVALID) {
        let caught: unknown;
        try {
          b64.base64ToBytes(text as string);
        } catch (error) {
          caught = error;
        }
        // The module under test may be a fresh instance: compare by name and code.
        expect(caught, JSON.stringify(String(text))).toBeInstanceOf(Error);
        expect((caught as ProtocolError).name).toBe('ProtocolError');
        expect((caught as ProtocolError).code).toBe('BAD_BASE64');
      }
    });
  });
}

describePath('base64, Node path (Buffer)', async () => {
  expect(typeof globalThis.Buffer).toBe('function');
  return nodePath;
});

describePath('base64, browser path (btoa / atob)', async () => {
  vi.resetModules();
  vi.stubGlobal('Buffer', undefined);
  try {
    return await import('./base64');
  } finally {
    vi.unstubAllGlobals();
  }
});

describe('base64 browser path really avoids Buffer', () => {
  it('never touches Buffer after being loaded without it', async () => {
    vi.resetModules();
    vi.stubGlobal('Buffer', undefined);
    let browser: Base64Module;
    try {
      browser = await import('./base64');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(typeof globalThis.Buffer).toBe('function');
    // Booby-trap Buffer: the browser module captured `undefined` at import time.
    const spy = vi.spyOn(RealBuffer, 'from');
    const bytes = new Uint8Array([1, 2, 3, 250, 251, 252, 253]);
    const text = browser.bytesToBase64(bytes);
    expect(browser.base64ToBytes(text)).toEqual(bytes);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    // And the Node module does use it.
    const nodeSpy = vi.spyOn(RealBuffer, 'from');
    nodePath.bytesToBase64(bytes);
    expect(nodeSpy).toHaveBeenCalled();
    nodeSpy.mockRestore();
  });

  it('the Node path error is the library ProtocolError class', () => {
    expect(() => nodePath.base64ToBytes('A')).toThrow(ProtocolError);
  });
});
