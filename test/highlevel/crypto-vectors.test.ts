import { describe, expect, it } from 'vitest';
import { CryptoModule } from '../../src/highlevel/crypto/index.ts';
import { parseHeader } from '../../src/highlevel/crypto/header.ts';
import { keyBytes } from '../../src/highlevel/crypto/keys.ts';
import { createCryptoModule } from '../../src/highlevel/crypto/module.ts';
import { bytesToBase64 } from '../../src/lowlevel/platform.ts';
import {
  ACRH_FILE_HEX,
  FILE_IV,
  FILE_KEY,
  FILE_PLAINTEXT,
  LEGACY_FILE_HEX,
  MESSAGE_VECTORS,
  bytesToHex,
  decodeVector,
  hexToBytes,
  type MessageVector,
} from '../support/crypto-vectors.ts';

const text = new TextEncoder();
const utf8 = new TextDecoder();

/** The IV a vector was made with, read back from where its format stores it. */
function ivOf(vector: MessageVector): Uint8Array | undefined {
  const bytes = decodeVector(vector.base64);
  if (vector.scheme === 'legacy-random') return bytes.slice(0, 16);
  if (vector.scheme === 'acrh') return bytes.slice(10, 26);
  return undefined;
}

function fixedIv(iv: Uint8Array): (length: number) => Uint8Array {
  return (length) => {
    expect(length).toBe(16);
    return iv.slice();
  };
}

describe('key derivation (A4)', () => {
  it('legacy key is the first 32 hex characters of SHA-256, as ASCII bytes', async () => {
    expect(utf8.decode(await keyBytes('testKey', true))).toBe('15291f67d99ea7bc578c3544dadfbb99');
    expect(utf8.decode(await keyBytes('myCipherKey', true))).toBe('8c33871ac40eea7eb80fdd88465c48f0');
  });

  it('ACRH key is the raw SHA-256 digest', async () => {
    expect(bytesToHex(await keyBytes('testKey', false))).toBe(
      '15291f67d99ea7bc578c3544dadfbb991e66fa69cb36ff70fe30e798e111ff5f',
    );
  });
});

describe('message vectors (A4 table)', () => {
  for (const vector of MESSAGE_VECTORS) {
    const readers =
      vector.scheme === 'legacy-static'
        ? {
            'legacy module, static IV': CryptoModule.legacyCryptoModule({
              cipherKey: vector.cipherKey,
              useRandomIVs: false,
            }),
          }
        : {
            'legacy module': CryptoModule.legacyCryptoModule({ cipherKey: vector.cipherKey }),
            'AES-CBC module': CryptoModule.aesCbcCryptoModule({ cipherKey: vector.cipherKey }),
          };
    for (const [name, module] of Object.entries(readers)) {
      it(`#${vector.id} (${vector.scheme}) decrypts with the ${name}`, async () => {
        expect(utf8.decode(await module.decrypt(decodeVector(vector.base64)))).toBe(vector.plaintext);
      });
    }

    it(`#${vector.id} (${vector.scheme}) encrypts to the same bytes given the same IV`, async () => {
      const iv = ivOf(vector);
      const module = createCryptoModule({
        ...(vector.scheme === 'acrh'
          ? { acrh: true, useRandomIVs: true }
          : { acrh: false, useRandomIVs: vector.scheme !== 'legacy-static' }),
        cipherKey: vector.cipherKey,
        ...(iv ? { randomBytes: fixedIv(iv) } : {}),
      });
      expect(bytesToBase64(await module.encrypt(vector.plaintext))).toBe(vector.base64);
    });
  }

  it('ACRH messages start with UE5FRAFBQ1JI (PNED, version 1, ACRH) once base64-encoded', async () => {
    const module = CryptoModule.aesCbcCryptoModule({ cipherKey: 'myCipherKey' });
    expect(bytesToBase64(await module.encrypt('{}'))).toMatch(/^UE5FRAFBQ1JIE/);
  });
});

describe('file vectors (A4)', () => {
  const iv = text.encode(FILE_IV);

  it('legacy file: IV || ciphertext, 48 bytes, both ways', async () => {
    const stored = hexToBytes(LEGACY_FILE_HEX);
    for (const module of [
      CryptoModule.legacyCryptoModule({ cipherKey: FILE_KEY }),
      CryptoModule.aesCbcCryptoModule({ cipherKey: FILE_KEY }),
    ]) {
      expect(utf8.decode(await module.decryptFile(stored))).toBe(FILE_PLAINTEXT);
    }
    const writer = createCryptoModule({
      acrh: false,
      cipherKey: FILE_KEY,
      useRandomIVs: true,
      randomBytes: fixedIv(iv),
    });
    expect(bytesToHex(await writer.encryptFile(text.encode(FILE_PLAINTEXT)))).toBe(LEGACY_FILE_HEX);
    expect(writer.encryptedFileSize(FILE_PLAINTEXT.length)).toBe(48);
  });

  it('legacy files ignore useRandomIVs: false (the static IV is for messages only)', async () => {
    const writer = createCryptoModule({
      acrh: false,
      cipherKey: FILE_KEY,
      useRandomIVs: false,
      randomBytes: fixedIv(iv),
    });
    expect(bytesToHex(await writer.encryptFile(text.encode(FILE_PLAINTEXT)))).toBe(LEGACY_FILE_HEX);
    const reader = CryptoModule.legacyCryptoModule({ cipherKey: FILE_KEY, useRandomIVs: false });
    expect(utf8.decode(await reader.decryptFile(hexToBytes(LEGACY_FILE_HEX)))).toBe(FILE_PLAINTEXT);
  });

  it('ACRH file: header || ciphertext, 58 bytes, both ways', async () => {
    const stored = hexToBytes(ACRH_FILE_HEX);
    for (const module of [
      CryptoModule.legacyCryptoModule({ cipherKey: FILE_KEY }),
      CryptoModule.aesCbcCryptoModule({ cipherKey: FILE_KEY }),
    ]) {
      expect(utf8.decode(await module.decryptFile(stored))).toBe(FILE_PLAINTEXT);
    }
    const writer = createCryptoModule({
      acrh: true,
      cipherKey: FILE_KEY,
      useRandomIVs: true,
      randomBytes: fixedIv(iv),
    });
    expect(bytesToHex(await writer.encryptFile(text.encode(FILE_PLAINTEXT)))).toBe(ACRH_FILE_HEX);
    expect(writer.encryptedFileSize(FILE_PLAINTEXT.length)).toBe(58);
  });
});

describe('crypto header v1 (A4 examples)', () => {
  const prefix = '504e4544' + '01' + '41435248'; // PNED, version 1, ACRH

  // The SDK writes only ACRH headers with a 16-byte IV; the reader takes every length the format allows.
  it.each([
    [0, '00'],
    [1, '01'],
    [254, 'fe'],
    [255, 'ff00ff'],
    [65_535, 'ffffff'],
  ])('%i bytes of metadata (length field %s) parse back', (length, lengthField) => {
    const metadata = Uint8Array.from({ length }, (_, i) => (i * 7 + 0x21) & 0xff);
    const data = hexToBytes(prefix + lengthField + bytesToHex(metadata) + '010203');
    const parsed = parseHeader(data);
    expect(bytesToHex(parsed.metadata)).toBe(bytesToHex(metadata));
    expect([...parsed.payload]).toEqual([1, 2, 3]);
  });

  it('the one-byte example: PNED 01 ACRH 01 21 carries the metadata 21', () => {
    expect([...parseHeader(hexToBytes(prefix + '0121')).metadata]).toEqual([0x21]);
  });

  it('what the SDK writes: PNED 01 ACRH 10, then the IV', async () => {
    const writer = createCryptoModule({
      acrh: true,
      cipherKey: FILE_KEY,
      useRandomIVs: true,
      randomBytes: fixedIv(text.encode(FILE_IV)),
    });
    const stored = await writer.encryptFile(new Uint8Array(0));
    expect(bytesToHex(stored.subarray(0, 26))).toBe(prefix + '10' + bytesToHex(text.encode(FILE_IV)));
  });
});
