// Our crypto module against the official pubnub@12.0.3 one, both directions, at the sizes where padding and the
// 5 MiB storage limit bite. No network: the official client is only used for its crypto module and File class.
import PubNub from 'pubnub';
import { describe, expect, it } from 'vitest';
import { CryptoModule } from '../../src/highlevel/crypto/index.ts';
import { base64ToBytes, bytesToBase64 } from '../../src/lowlevel/platform.ts';
import { STORAGE_LIMIT } from '../support/crypto-vectors.ts';

const CIPHER_KEY = 'interop-Schlüssel-🔑';
const MiB = 1024 * 1024;

// The largest plaintexts whose stored form is at most 5,242,880 bytes: IV (16) or header+IV (26), plus padding.
const LARGEST_LEGACY_FILE = 5_242_863;
const LARGEST_ACRH_FILE = 5_242_847;

const official = new PubNub({ userId: 'crypto-interop', subscribeKey: 'sub-c-interop', publishKey: 'pub-c-interop' });
const OfficialFile = official.File;

type OfficialModule = ReturnType<typeof PubNub.CryptoModule.aesCbcCryptoModule>;

const ours = {
  legacy: CryptoModule.legacyCryptoModule({ cipherKey: CIPHER_KEY }),
  legacyStaticIv: CryptoModule.legacyCryptoModule({ cipherKey: CIPHER_KEY, useRandomIVs: false }),
  aesCbc: CryptoModule.aesCbcCryptoModule({ cipherKey: CIPHER_KEY }),
};
const theirs = {
  legacy: PubNub.CryptoModule.legacyCryptoModule({ cipherKey: CIPHER_KEY }),
  legacyStaticIv: PubNub.CryptoModule.legacyCryptoModule({ cipherKey: CIPHER_KEY, useRandomIVs: false }),
  aesCbc: PubNub.CryptoModule.aesCbcCryptoModule({ cipherKey: CIPHER_KEY }),
};

/** Deterministic, not compressible-looking bytes, so misplaced blocks show. */
function fileBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = size ^ 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) | 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** A JSON text of exactly `size` bytes: the official legacy reader JSON-parses what it decrypts. */
function jsonText(size: number): string {
  if (size === 0) return '';
  if (size === 1) return '7';
  const filler = 'Knights who say Ni! ';
  return `"${filler.repeat(Math.ceil(size / filler.length)).slice(0, size - 2)}"`;
}

async function theirEncryptFile(module: OfficialModule, plain: Uint8Array): Promise<Uint8Array> {
  const encrypted = await module.encryptFile(
    OfficialFile.create({ name: 'f.bin', data: Buffer.from(plain) }),
    OfficialFile,
  );
  if (!encrypted) throw new Error('official encryptFile returned nothing');
  return new Uint8Array(await encrypted.toArrayBuffer());
}

async function theirDecryptFile(module: OfficialModule, stored: Uint8Array): Promise<Uint8Array> {
  const decrypted = await module.decryptFile(
    OfficialFile.create({ name: 'f.bin', data: Buffer.from(stored) }),
    OfficialFile,
  );
  if (!decrypted) throw new Error('official decryptFile returned nothing');
  return new Uint8Array(await decrypted.toArrayBuffer());
}

/** What the official SDK puts on the wire for an encrypted message: legacy gives base64 text, ACRH raw bytes. */
function theirEncryptMessage(module: OfficialModule, text: string): string {
  const encrypted = module.encrypt(text);
  return typeof encrypted === 'string' ? encrypted : bytesToBase64(new Uint8Array(encrypted));
}

/** The official reader gives ACRH plaintext as bytes and legacy plaintext JSON-parsed; compare as JSON values. */
function theirDecryptMessage(module: OfficialModule, base64: string): unknown {
  const decrypted = module.decrypt(base64);
  if (decrypted instanceof ArrayBuffer) return JSON.parse(new TextDecoder().decode(decrypted));
  return decrypted;
}

function sameBytes(actual: Uint8Array, expected: Uint8Array): boolean {
  return Buffer.from(actual.buffer, actual.byteOffset, actual.length).equals(
    Buffer.from(expected.buffer, expected.byteOffset, expected.length),
  );
}

describe('the 5 MiB boundary of each scheme', () => {
  it('largest legacy plaintext fits exactly, one byte more does not', () => {
    expect(ours.legacy.encryptedFileSize(LARGEST_LEGACY_FILE)).toBeLessThanOrEqual(STORAGE_LIMIT);
    expect(ours.legacy.encryptedFileSize(LARGEST_LEGACY_FILE + 1)).toBeGreaterThan(STORAGE_LIMIT);
  });

  it('largest ACRH plaintext fits, one byte more does not', () => {
    expect(ours.aesCbc.encryptedFileSize(LARGEST_ACRH_FILE)).toBeLessThanOrEqual(STORAGE_LIMIT);
    expect(ours.aesCbc.encryptedFileSize(LARGEST_ACRH_FILE + 1)).toBeGreaterThan(STORAGE_LIMIT);
  });
});

describe('files', () => {
  const schemes = [
    { name: 'legacy', ourWriter: ours.legacy, theirWriter: theirs.legacy, largest: LARGEST_LEGACY_FILE },
    { name: 'AES-CBC', ourWriter: ours.aesCbc, theirWriter: theirs.aesCbc, largest: LARGEST_ACRH_FILE },
  ];

  for (const scheme of schemes) {
    for (const size of [1, 15, 16, 17, MiB, scheme.largest]) {
      it(`${scheme.name}, ${size} bytes: ours → theirs and theirs → ours, stored sizes equal`, async () => {
        const plain = fileBytes(size);

        const ourStored = await scheme.ourWriter.encryptFile(plain);
        expect(ourStored.length).toBe(scheme.ourWriter.encryptedFileSize(size));
        for (const reader of [theirs.legacy, theirs.aesCbc]) {
          expect(sameBytes(await theirDecryptFile(reader, ourStored), plain)).toBe(true);
        }

        const theirStored = await theirEncryptFile(scheme.theirWriter, plain);
        expect(theirStored.length).toBe(ourStored.length);
        for (const reader of [ours.legacy, ours.aesCbc]) {
          expect(sameBytes(await reader.decryptFile(theirStored), plain)).toBe(true);
        }
      });
    }

    it(`${scheme.name}, 0 bytes: the official SDK refuses to encrypt it but reads what we write`, async () => {
      const ourStored = await scheme.ourWriter.encryptFile(new Uint8Array(0));
      for (const reader of [theirs.legacy, theirs.aesCbc]) {
        expect((await theirDecryptFile(reader, ourStored)).length).toBe(0);
      }
      await expect(theirEncryptFile(scheme.theirWriter, new Uint8Array(0))).rejects.toThrow(/empty content/);
    });
  }
});

describe('messages', () => {
  const schemes = [
    { name: 'legacy, random IV', our: ours.legacy, their: theirs.legacy, theirReaders: [theirs.legacy, theirs.aesCbc] },
    {
      name: 'legacy, static IV',
      our: ours.legacyStaticIv,
      their: theirs.legacyStaticIv,
      theirReaders: [theirs.legacyStaticIv],
    },
    {
      name: 'AES-CBC',
      our: ours.aesCbc,
      their: theirs.aesCbc,
      theirReaders: [theirs.legacy, theirs.aesCbc, theirs.legacyStaticIv],
    },
  ];

  for (const scheme of schemes) {
    for (const size of [1, 15, 16, 17, MiB]) {
      it(`${scheme.name}, ${size} bytes of JSON: ours → theirs and theirs → ours`, async () => {
        const text = jsonText(size);
        expect(new TextEncoder().encode(text).length).toBe(size);

        const ourBase64 = bytesToBase64(await scheme.our.encrypt(text));
        for (const reader of scheme.theirReaders) {
          expect(theirDecryptMessage(reader, ourBase64)).toEqual(JSON.parse(text));
        }

        const theirBase64 = theirEncryptMessage(scheme.their, text);
        expect(theirBase64.length).toBe(ourBase64.length);
        const theirBytes = base64ToBytes(theirBase64);
        if (!theirBytes) throw new Error('official SDK produced text that is not base64');
        expect(new TextDecoder().decode(await scheme.our.decrypt(theirBytes))).toBe(text);
      });
    }

    it(`${scheme.name}, 0 bytes: the official SDK refuses to encrypt it`, async () => {
      expect(() => theirEncryptMessage(scheme.their, '')).toThrow(/empty content/);
      const ourBase64 = bytesToBase64(await scheme.our.encrypt(''));
      expect((await scheme.our.decrypt(base64ToBytes(ourBase64)!)).length).toBe(0);
    });
  }

  it('0 bytes, AES-CBC: the official SDK decrypts our empty message to empty bytes', async () => {
    const decrypted = theirs.aesCbc.decrypt(bytesToBase64(await ours.aesCbc.encrypt('')));
    expect(decrypted).toBeInstanceOf(ArrayBuffer);
    expect((decrypted as ArrayBuffer).byteLength).toBe(0);
  });

  it('0 bytes, legacy: the official SDK answers null, as it JSON-parses every legacy plaintext and empty text is not JSON', async () => {
    expect(theirs.legacy.decrypt(bytesToBase64(await ours.legacy.encrypt('')))).toBeNull();
    expect(theirs.legacyStaticIv.decrypt(bytesToBase64(await ours.legacyStaticIv.encrypt('')))).toBeNull();
  });
});
