import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64ToBytes, bytesToBase64, bytesToBase64Url } from '../../src/lowlevel/platform.ts';

describe('base64', () => {
  it('matches RFC 4648 test vectors', () => {
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
      expect(bytesToBase64(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(base64ToBytes(encoded))).toBe(plain);
    }
  });

  it('agrees with Node for arbitrary bytes, both alphabets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const node = Buffer.from(bytes);
        expect(bytesToBase64(bytes)).toBe(node.toString('base64'));
        expect(bytesToBase64Url(bytes)).toBe(node.toString('base64url'));
        expect(base64ToBytes(node.toString('base64'))).toEqual(bytes);
        expect(base64ToBytes(node.toString('base64url'))).toEqual(bytes);
      }),
    );
  });

  it('rejects text that is not base64', () => {
    expect(base64ToBytes('ab$d')).toBeUndefined();
    expect(base64ToBytes('abcde')).toBeUndefined();
    expect(base64ToBytes('é')).toBeUndefined();
    expect(base64ToBytes('Zm9v Yg==')).toBeUndefined();
    expect(base64ToBytes('Zm9v\nYg==')).toBeUndefined();
  });

  it('encodes and decodes inputs larger than one String.fromCharCode slice', () => {
    const bytes = Uint8Array.from({ length: 0x8000 * 2 + 7 }, (_, i) => (i * 7919) & 0xff);
    const encoded = bytesToBase64(bytes);
    expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(encoded)).toEqual(bytes);
  });
});
