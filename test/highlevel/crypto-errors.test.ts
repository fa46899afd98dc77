import { describe, expect, it } from 'vitest';
import { CryptoModule } from '../../src/highlevel/crypto/index.ts';
import { isPubNubError, type PubNubError } from '../../src/highlevel/errors.ts';
import {
  ACRH_FILE_HEX,
  FILE_KEY,
  LEGACY_FILE_HEX,
  MESSAGE_VECTORS,
  decodeVector,
  hexToBytes,
} from '../support/crypto-vectors.ts';

const legacy = CryptoModule.legacyCryptoModule({ cipherKey: FILE_KEY });
const aesCbc = CryptoModule.aesCbcCryptoModule({ cipherKey: FILE_KEY });

async function decryptionFailure(promise: Promise<unknown>): Promise<PubNubError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a decryption error, got ${String(outcome.value)}`);
  const { error } = outcome;
  expect(isPubNubError(error)).toBe(true);
  const typed = error as PubNubError;
  expect(typed.status.category).toBe('PNDecryptionErrorCategory');
  expect(typed.status.operation).toBe('PNDecryptOperation');
  expect(typed.message).not.toContain(FILE_KEY);
  return typed;
}

function modified(hex: string, edit: (bytes: Uint8Array) => void): Uint8Array {
  const bytes = hexToBytes(hex);
  edit(bytes);
  return bytes;
}

describe('wrong key', () => {
  it.each([
    ['legacy file', LEGACY_FILE_HEX],
    ['ACRH file', ACRH_FILE_HEX],
  ])('%s with another key → "wrong cipher key or corrupt data"', async (_, hex) => {
    const other = CryptoModule.aesCbcCryptoModule({ cipherKey: 'not-the-key' });
    const error = await decryptionFailure(other.decryptFile(hexToBytes(hex)));
    expect(error.message).toMatch(/wrong cipher key or corrupt data/);
    expect(error.message).not.toContain('not-the-key');
  });

  it('a message with another key', async () => {
    const vector = MESSAGE_VECTORS.find((v) => v.id === 7)!;
    const other = CryptoModule.legacyCryptoModule({ cipherKey: 'myCipherKey' });
    const error = await decryptionFailure(other.decrypt(decodeVector(vector.base64)));
    expect(error.message).toMatch(/wrong cipher key or corrupt data/);
  });
});

describe('corrupt data', () => {
  // Flipping a bit of the first ciphertext block flips the same bit of the last plaintext byte: 0x0d padding → 0x0c.
  it('a flipped bit that breaks the padding is reported, never returned as garbage', async () => {
    const corrupt = modified(LEGACY_FILE_HEX, (bytes) => (bytes[31]! ^= 0x01));
    const error = await decryptionFailure(legacy.decryptFile(corrupt));
    expect(error.message).toMatch(/corrupt data/);
  });

  it('plaintext handed to decrypt is an error, not passed through', async () => {
    const plain = new TextEncoder().encode('{"message":"not encrypted at all","file":{"id":"x"}}');
    await decryptionFailure(legacy.decrypt(plain));
    await decryptionFailure(aesCbc.decryptFile(plain));
  });
});

describe('truncated data', () => {
  it.each([
    ['empty input', new Uint8Array(0)],
    ['a legacy IV alone', hexToBytes(LEGACY_FILE_HEX).subarray(0, 16)],
    ['a legacy IV and half a block', hexToBytes(LEGACY_FILE_HEX).subarray(0, 24)],
    ['a legacy file cut mid-block', hexToBytes(LEGACY_FILE_HEX).subarray(0, 40)],
    ['an ACRH header without ciphertext', hexToBytes(ACRH_FILE_HEX).subarray(0, 26)],
    ['an ACRH file cut mid-block', hexToBytes(ACRH_FILE_HEX).subarray(0, 50)],
    ['a header cut before its metadata length', hexToBytes(ACRH_FILE_HEX).subarray(0, 9)],
    [
      'a header cut inside its two-byte metadata length',
      Uint8Array.of(0x50, 0x4e, 0x45, 0x44, 1, 0x41, 0x43, 0x52, 0x48, 0xff, 0),
    ],
  ])('%s → "truncated data"', async (_, data) => {
    for (const module of [legacy, aesCbc]) {
      const error = await decryptionFailure(module.decryptFile(data));
      expect(error.message).toMatch(/truncated data/);
    }
  });

  it.each([
    [0, 0],
    [10, 0],
    [16, 0],
    [24, 8],
  ])('a legacy file of %i bytes says its ciphertext after the IV is %i bytes', async (length, ciphertextLength) => {
    const error = await decryptionFailure(legacy.decryptFile(hexToBytes(LEGACY_FILE_HEX).subarray(0, length)));
    expect(error.message).toMatch(
      new RegExp(`truncated data: the ciphertext \\(after any IV or header\\) is ${ciphertextLength} bytes`),
    );
  });

  it('static-IV messages that are not whole blocks', async () => {
    const module = CryptoModule.legacyCryptoModule({ cipherKey: 'testKey', useRandomIVs: false });
    const error = await decryptionFailure(module.decrypt(decodeVector('QfD1NCBJCmt1aPPGU2cshw==').subarray(0, 15)));
    expect(error.message).toMatch(
      /truncated data: the ciphertext \(after any IV or header\) is 15 bytes, expected a non-zero multiple of 16$/,
    );
  });
});

describe('header errors', () => {
  it('an unknown cryptor id is named', async () => {
    const data = modified(ACRH_FILE_HEX, (bytes) => bytes.set(new TextEncoder().encode('AEGC'), 5));
    const error = await decryptionFailure(aesCbc.decryptFile(data));
    expect(error.message).toMatch(/unknown cryptor id 'AEGC'/);
  });

  it('an unprintable cryptor id is named in hex', async () => {
    const data = modified(ACRH_FILE_HEX, (bytes) => bytes.set([0, 1, 0xfe, 0x0a], 5));
    const error = await decryptionFailure(legacy.decrypt(data));
    expect(error.message).toMatch(/unknown cryptor id 0x0001fe0a/);
  });

  it.each([0, 2, 255])('header version %i is named as unsupported', async (version) => {
    const data = modified(ACRH_FILE_HEX, (bytes) => (bytes[4] = version));
    const error = await decryptionFailure(aesCbc.decryptFile(data));
    expect(error.message).toMatch(new RegExp(`unsupported crypto header version ${version}\\b`));
  });

  it('metadata longer than the data', async () => {
    // Length 0xff 0x1000: 12 header bytes and 4,096 of metadata, in a 58-byte file.
    const data = modified(ACRH_FILE_HEX, (bytes) => bytes.set([0xff, 0x10, 0x00], 9));
    const error = await decryptionFailure(aesCbc.decryptFile(data));
    expect(error.message).toMatch(/truncated data: the crypto header needs at least 4108 bytes, got 58$/);
  });

  it('ACRH metadata that is not a 16-byte IV', async () => {
    const data = modified(ACRH_FILE_HEX, (bytes) => (bytes[9] = 15));
    const error = await decryptionFailure(aesCbc.decryptFile(data));
    expect(error.message).toMatch(/15 bytes of metadata, expected its 16-byte IV/);
  });
});

describe('validation', () => {
  it.each([
    ['legacy', () => CryptoModule.legacyCryptoModule({ cipherKey: '' }), 'an empty string'],
    ['AES-CBC', () => CryptoModule.aesCbcCryptoModule({ cipherKey: '' }), 'an empty string'],
    [
      'AES-CBC from untyped JS',
      () => CryptoModule.aesCbcCryptoModule({ cipherKey: undefined as unknown as string }),
      'undefined',
    ],
  ])('an empty cipher key is refused when the %s module is made', (_, make, got) => {
    let thrown: unknown;
    try {
      make();
    } catch (error) {
      thrown = error;
    }
    expect(isPubNubError(thrown)).toBe(true);
    expect((thrown as PubNubError).status.category).toBe('PNValidationErrorCategory');
    expect((thrown as PubNubError).message).toBe(`Missing cipherKey: expected a non-empty string, got ${got}.`);
  });

  it.each([
    ['encrypt', new ArrayBuffer(16), 'PNEncryptOperation', /Expected a Uint8Array, got object/],
    ['encryptFile', 'text', 'PNEncryptOperation', /Expected a Uint8Array, got a string/],
    ['decrypt', [1, 2, 3], 'PNDecryptOperation', /Expected a Uint8Array, got object/],
    ['decryptFile', undefined, 'PNDecryptOperation', /Expected a Uint8Array, got undefined/],
  ] as const)(
    '%s given a wrong type from untyped JS says what it expects',
    async (method, input, operation, message) => {
      for (const module of [legacy, aesCbc]) {
        const call = module[method] as (data: unknown) => Promise<Uint8Array>;
        const outcome = await call.call(module, input).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(isPubNubError(outcome)).toBe(true);
        expect((outcome as PubNubError).status).toMatchObject({ category: 'PNValidationErrorCategory', operation });
        expect((outcome as PubNubError).message).toMatch(message);
      }
    },
  );

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('encryptedFileSize(%s) is refused', (size) => {
    expect(() => aesCbc.encryptedFileSize(size)).toThrow(/plainSize must be a non-negative integer/);
  });
});
