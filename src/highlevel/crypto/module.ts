// The crypto module behind both public factories. Not exported from the package: tests use `randomBytes` to pin IVs.
import { describe } from '../config.ts';
import { BLOCK_SIZE, cbcDecrypt, cbcEncryptInto, paddedSize } from './cbc.ts';
import { cryptoValidationError, decryptionError } from './errors.ts';
import { ACRH_HEADER_START, hasHeader, parseHeader } from './header.ts';
import { acrhKeyBytes, importAesCbcKey, legacyKeyBytes } from './keys.ts';
import type { CryptoModule } from './types.ts';

const ACRH = 'ACRH';
const KNOWN_CRYPTOR_IDS = [ACRH];
const IV_LENGTH = BLOCK_SIZE;
const encoder = new TextEncoder();
const STATIC_IV = encoder.encode('0123456789012345');
const ACRH_HEADER_LENGTH = ACRH_HEADER_START.length + IV_LENGTH;

export interface CryptoModuleConfig {
  /** What this module writes; it reads both. */
  scheme: 'legacy' | 'aes-cbc';
  cipherKey: string;
  /** How legacy messages carry their IV (see `LegacyCryptoModuleOptions`). */
  useRandomIVs: boolean;
  randomBytes?: (length: number) => Uint8Array;
}

export function createCryptoModule(config: CryptoModuleConfig): CryptoModule {
  if (typeof config.cipherKey !== 'string' || config.cipherKey.length === 0) {
    throw cryptoValidationError('cipherKey must be a non-empty string');
  }
  return new WebCryptoModule(config);
}

// From untyped JS anything may arrive; WebCrypto's own refusal of it would read like a platform fault.
function bytesOf(data: unknown, operation: 'PNEncryptOperation' | 'PNDecryptOperation'): Uint8Array {
  if (data instanceof Uint8Array) return data;
  throw cryptoValidationError(`Expected a Uint8Array, got ${describe(data)}`, operation);
}

function randomIv(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(IV_LENGTH));
}

class WebCryptoModule implements CryptoModule {
  readonly #scheme: CryptoModuleConfig['scheme'];
  readonly #cipherKey: string;
  readonly #useRandomIVs: boolean;
  readonly #randomBytes: () => Uint8Array;
  // Derived on first use, then shared by every call (and by concurrent calls).
  #legacyKey: Promise<CryptoKey> | undefined;
  #acrhKey: Promise<CryptoKey> | undefined;

  constructor(config: CryptoModuleConfig) {
    this.#scheme = config.scheme;
    this.#cipherKey = config.cipherKey;
    this.#useRandomIVs = config.useRandomIVs;
    const randomBytes = config.randomBytes;
    this.#randomBytes = randomBytes ? () => randomBytes(IV_LENGTH) : randomIv;
  }

  async encrypt(data: Uint8Array | string): Promise<Uint8Array<ArrayBuffer>> {
    const plaintext = typeof data === 'string' ? encoder.encode(data) : bytesOf(data, 'PNEncryptOperation');
    if (this.#scheme === 'aes-cbc') return this.#encryptAcrh(plaintext);
    if (this.#useRandomIVs) return this.#encryptLegacy(plaintext);
    const out = new Uint8Array(paddedSize(plaintext.length));
    await cbcEncryptInto(await this.#legacy(), STATIC_IV, plaintext, out);
    return out;
  }

  async decrypt(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    bytesOf(data, 'PNDecryptOperation');
    if (hasHeader(data)) return this.#decryptWithHeader(data);
    if (this.#useRandomIVs) return this.#decryptLegacy(data);
    return cbcDecrypt(await this.#legacy(), STATIC_IV, data);
  }

  async encryptFile(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    bytesOf(data, 'PNEncryptOperation');
    return this.#scheme === 'aes-cbc' ? this.#encryptAcrh(data) : this.#encryptLegacy(data);
  }

  async decryptFile(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    bytesOf(data, 'PNDecryptOperation');
    return hasHeader(data) ? this.#decryptWithHeader(data) : this.#decryptLegacy(data);
  }

  encryptedFileSize(plainSize: number): number {
    if (!Number.isSafeInteger(plainSize) || plainSize < 0) {
      throw cryptoValidationError(`plainSize must be a non-negative integer, got ${plainSize}`);
    }
    return (this.#scheme === 'aes-cbc' ? ACRH_HEADER_LENGTH : IV_LENGTH) + paddedSize(plainSize);
  }

  // Legacy: IV || ciphertext, written straight into the one output buffer.
  async #encryptLegacy(plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    const iv = this.#randomBytes();
    const out = new Uint8Array(IV_LENGTH + paddedSize(plaintext.length));
    out.set(iv, 0);
    await cbcEncryptInto(await this.#legacy(), iv, plaintext, out.subarray(IV_LENGTH));
    return out;
  }

  async #decryptLegacy(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    if (data.length < IV_LENGTH + BLOCK_SIZE) {
      throw decryptionError(
        `truncated data: legacy encrypted data is a ${IV_LENGTH}-byte IV and at least one ${BLOCK_SIZE}-byte block, got ${data.length} bytes`,
      );
    }
    return cbcDecrypt(await this.#legacy(), data.subarray(0, IV_LENGTH), data.subarray(IV_LENGTH));
  }

  // ACRH: header (with the IV as metadata) || ciphertext.
  async #encryptAcrh(plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    const iv = this.#randomBytes();
    const out = new Uint8Array(ACRH_HEADER_LENGTH + paddedSize(plaintext.length));
    out.set(ACRH_HEADER_START);
    out.set(iv, ACRH_HEADER_START.length);
    await cbcEncryptInto(await this.#acrh(), iv, plaintext, out.subarray(ACRH_HEADER_LENGTH));
    return out;
  }

  async #decryptWithHeader(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    const { metadata, payload } = parseHeader(data, KNOWN_CRYPTOR_IDS);
    if (metadata.length !== IV_LENGTH) {
      throw decryptionError(`the ACRH header carries ${metadata.length} bytes of metadata, expected its ${IV_LENGTH}-byte IV`);
    }
    return cbcDecrypt(await this.#acrh(), metadata, payload);
  }

  #legacy(): Promise<CryptoKey> {
    this.#legacyKey ??= importAesCbcKey(legacyKeyBytes(this.#cipherKey));
    return this.#legacyKey;
  }

  #acrh(): Promise<CryptoKey> {
    this.#acrhKey ??= importAesCbcKey(acrhKeyBytes(this.#cipherKey));
    return this.#acrhKey;
  }
}
