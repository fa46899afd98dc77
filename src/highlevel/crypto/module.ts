// The crypto module behind both public factories. Not exported from the package: tests use `randomBytes` to pin IVs.
import { describe } from '../describe.ts';
import { aesCbc } from '#aes-cbc';
import { BLOCK_SIZE, paddedSize, type AesKey, type FileDecryptor } from './backend.ts';
import { ACRH_HEADER_START, hasHeader, parseHeader } from './header.ts';
import { encoder, keyBytes } from './keys.ts';
import type { CryptoModule } from './types.ts';
import { PubNubError } from '../errors.ts';

const IV_LENGTH = BLOCK_SIZE;
const STATIC_IV = encoder.encode('0123456789012345');

/** What the module writes (ACRH or legacy data; it reads both), and how legacy messages carry their IV. */
export type CryptoModuleConfig = {
  cipherKey: string;
  randomBytes?: (length: number) => Uint8Array;
} & ({ acrh: true; useRandomIVs: true } | { acrh: false; useRandomIVs: boolean });

export function createCryptoModule({
  cipherKey,
  acrh,
  useRandomIVs,
  randomBytes = randomIv,
}: CryptoModuleConfig): CryptoModule {
  if (typeof cipherKey !== 'string' || cipherKey.length === 0) {
    throw PubNubError.validation(
      'PNEncryptOperation',
      `Missing cipherKey: expected a non-empty string, got ${describe(cipherKey)}.`,
    );
  }
  if (typeof useRandomIVs !== 'boolean') {
    throw PubNubError.validation(
      'PNEncryptOperation',
      `Invalid useRandomIVs: expected true or false, got ${describe(useRandomIVs)}.`,
    );
  }
  // Derived on first use, then shared by every call (and by concurrent calls). Index 1: legacy, 0: ACRH.
  const keys: Promise<AesKey>[] = [];
  const key = (legacy: boolean): Promise<AesKey> =>
    (keys[+legacy] ??= keyBytes(cipherKey, legacy).then((raw) => aesCbc.importKey(raw)));
  // Where a random IV is written: after the ACRH header, or first in legacy data.
  const ivAt = acrh ? ACRH_HEADER_START.length : 0;

  // ACRH: header (with the IV as metadata) || ciphertext. Legacy: IV || ciphertext, or the ciphertext alone for the
  // static IV. Written straight into the one output buffer.
  async function encrypt(plaintext: Uint8Array, withRandomIv: boolean): Promise<Uint8Array<ArrayBuffer>> {
    const iv = withRandomIv ? randomBytes(IV_LENGTH) : STATIC_IV;
    const start = withRandomIv ? ivAt + IV_LENGTH : 0;
    const out = new Uint8Array(start + paddedSize(plaintext.length));
    if (acrh) out.set(ACRH_HEADER_START);
    if (withRandomIv) out.set(iv, ivAt);
    await aesCbc.encryptInto(await key(!acrh), iv, plaintext, out.subarray(start));
    return out;
  }

  async function decrypt(data: Uint8Array, withRandomIv: boolean): Promise<Uint8Array<ArrayBuffer>> {
    if (hasHeader(data)) {
      const { metadata, payload } = parseHeader(data);
      if (metadata.length !== IV_LENGTH) {
        throw PubNubError.decryption(
          `the ACRH header carries ${metadata.length} bytes of metadata, expected its 16-byte IV`,
        );
      }
      return aesCbc.decrypt(await key(false), metadata, payload);
    }
    if (!withRandomIv) return aesCbc.decrypt(await key(true), STATIC_IV, data);
    return aesCbc.decrypt(await key(true), data.subarray(0, IV_LENGTH), data.subarray(IV_LENGTH));
  }

  // decryptFile piece by piece, for downloads, where the backend can (file-decryptor.ts).
  async function fileDecryptor(expectedSize: number | undefined): Promise<FileDecryptor | undefined> {
    if (aesCbc.fileDecryptor === undefined) return undefined;
    const [acrh, legacy] = await Promise.all([key(false), key(true)]);
    return aesCbc.fileDecryptor({ acrh, legacy }, expectedSize, (data) => decrypt(data, true));
  }

  const module: CryptoModule = {
    encrypt: async (data) =>
      encrypt(typeof data === 'string' ? encoder.encode(data) : bytesOf(data, 'PNEncryptOperation'), useRandomIVs),
    decrypt: async (data) => decrypt(bytesOf(data, 'PNDecryptOperation'), useRandomIVs),
    encryptFile: async (data) => encrypt(bytesOf(data, 'PNEncryptOperation'), true),
    decryptFile: async (data) => decrypt(bytesOf(data, 'PNDecryptOperation'), true),
    encryptedFileSize(plainSize) {
      if (!Number.isSafeInteger(plainSize) || plainSize < 0) {
        throw PubNubError.validation(
          'PNEncryptOperation',
          `plainSize must be a non-negative integer, got ${plainSize}`,
        );
      }
      return ivAt + IV_LENGTH + paddedSize(plainSize);
    },
  };
  fileDecryptors.set(module, fileDecryptor);
  return module;
}

// From untyped JS anything may arrive; WebCrypto's own refusal of it would read like a platform fault.
function bytesOf(data: unknown, operation: 'PNEncryptOperation' | 'PNDecryptOperation'): Uint8Array {
  if (data instanceof Uint8Array) return data;
  throw PubNubError.validation(operation, `Expected a Uint8Array, got ${describe(data)}`);
}

const fileDecryptors = new WeakMap<
  CryptoModule,
  (expectedSize: number | undefined) => Promise<FileDecryptor | undefined>
>();

/**
 * A streaming decryptor for downloads, when `crypto` is one of this package's modules on a runtime with a streaming
 * cipher; `undefined` otherwise (a custom module, WebCrypto), and the caller gathers the bytes for `decryptFile`.
 * `expectedSize`: the stored bytes expected, when known, to write the file into one buffer of the right size.
 */
export async function fileDecryptorOf(
  crypto: CryptoModule,
  expectedSize: number | undefined,
): Promise<FileDecryptor | undefined> {
  return fileDecryptors.get(crypto)?.(expectedSize);
}

function randomIv(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}
