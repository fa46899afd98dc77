import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cbcDecrypt, cbcEncryptInto, paddedSize } from '../../src/highlevel/crypto/cbc.ts';

const subtle = globalThis.crypto.subtle;

async function aesKey(raw: Uint8Array): Promise<CryptoKey> {
  return subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-CBC', false, ['encrypt', 'decrypt']);
}

describe('chunked CBC encryption', () => {
  it('gives exactly the bytes of one WebCrypto call, whatever the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ maxLength: 200, size: 'max' }),
        fc.integer({ min: 1, max: 5 }),
        async (rawKey, iv, plaintext, blocksPerChunk) => {
          const key = await aesKey(rawKey);
          const oneCall = new Uint8Array(
            await subtle.encrypt(
              { name: 'AES-CBC', iv: iv as Uint8Array<ArrayBuffer> },
              key,
              plaintext as Uint8Array<ArrayBuffer>,
            ),
          );
          const chunked = new Uint8Array(paddedSize(plaintext.length));
          await cbcEncryptInto(key, iv, plaintext, chunked, blocksPerChunk * 16);
          expect(chunked).toEqual(oneCall);
          expect(await cbcDecrypt(key, iv, chunked)).toEqual(plaintext);
        },
      ),
      { numRuns: 150 },
    );
  });
});
