// The crypto module behind both public factories. Not exported from the package: tests use `randomBytes` to pin IVs.
import { describe } from '../config.ts';
import { BLOCK_SIZE, cbcDecrypt, cbcEncryptInto, paddedSize } from './cbc.ts';
import { cryptoValidationError, decryptionError } from './errors.ts';
import { ACRH_HEADER_START, hasHeader, parseHeader } from './header.ts';
import { encoder, importAesCbcKey } from './keys.ts';
import type { CryptoModule } from './types.ts';

const IV_LENGTH = BLOCK_SIZE;
const STATIC_IV = encoder.encode('0123456789012345');
const ACRH_HEADER_LENGTH = ACRH_HEADER_START.length + IV_LENGTH;

/** What the module writes (ACRH or legacy data; it reads both), and how legacy messages carry their IV. */
export type CryptoModuleConfig = {
  cipherKey: string;
  randomBytes?: (length: number) => Uint8Array;
} & ({ acrh: true; useRandomIVs: true } | { acrh: false; useRandomIVs: boolean });

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

function randomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

class WebCryptoModule implements CryptoModule {
  readonly #acrh: boolean;
  readonly #cipherKey: string;
  readonly #useRandomIVs: boolean;
  readonly #randomBytes: (length: number) => Uint8Array;
  // Derived on first use, then shared by every call (and by concurrent calls). Index 1: legacy, 0: ACRH.
  readonly #keys: Promise<CryptoKey>[] = [];

  constructor(config: CryptoModuleConfig) {
    this.#acrh = config.acrh;
    this.#cipherKey = config.cipherKey;
    this.#useRandomIVs = config.useRandomIVs;
    this.#randomBytes = config.randomBytes ?? randomBytes;
  }

  async encrypt(data: Uint8Array | string): Promise<Uint8Array<ArrayBuffer>> {
    return this.#encrypt(typeof data === 'string' ? encoder.encode(data) : bytesOf(data, 'PNEncryptOperation'), this.#useRandomIVs);
  }

  async decrypt(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    return this.#decrypt(bytesOf(data, 'PNDecryptOperation'), this.#useRandomIVs);
  }

  async encryptFile(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    return this.#encrypt(bytesOf(data, 'PNEncryptOperation'), true);
  }

  async decryptFile(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    return this.#decrypt(bytesOf(data, 'PNDecryptOperation'), true);
  }

  encryptedFileSize(plainSize: number): number {
    if (!Number.isSafeInteger(plainSize) || plainSize < 0) {
      throw cryptoValidationError(`plainSize must be a non-negative integer, got ${plainSize}`);
    }
    return (this.#acrh ? ACRH_HEADER_LENGTH : IV_LENGTH) + paddedSize(plainSize);
  }

  // ACRH: header (with the IV as metadata) || ciphertext. Legacy: IV || ciphertext, or the ciphertext alone for the
  // static IV. Written straight into the one output buffer.
  async #encrypt(plaintext: Uint8Array, randomIv: boolean): Promise<Uint8Array<ArrayBuffer>> {
    const iv = randomIv ? this.#randomBytes(IV_LENGTH) : STATIC_IV;
    const ivAt = this.#acrh ? ACRH_HEADER_START.length : 0;
    const start = randomIv ? ivAt + IV_LENGTH : 0;
    const out = new Uint8Array(start + paddedSize(plaintext.length));
    if (this.#acrh) out.set(ACRH_HEADER_START);
    if (randomIv) out.set(iv, ivAt);
    await cbcEncryptInto(await this.#key(!this.#acrh), iv, plaintext, out.subarray(start));
    return out;
  }

  async #decrypt(data: Uint8Array, randomIv: boolean): Promise<Uint8Array<ArrayBuffer>> {
    if (hasHeader(data)) {
      const { metadata, payload } = parseHeader(data);
      if (metadata.length !== IV_LENGTH) {
        throw decryptionError(`the ACRH header carries ${metadata.length} bytes of metadata, expected its ${IV_LENGTH}-byte IV`);
      }
      return cbcDecrypt(await this.#key(false), metadata, payload);
    }
    if (!randomIv) return cbcDecrypt(await this.#key(true), STATIC_IV, data);
    return cbcDecrypt(await this.#key(true), data.subarray(0, IV_LENGTH), data.subarray(IV_LENGTH));
  }

  #key(legacy: boolean): Promise<CryptoKey> {
    return (this.#keys[+legacy] ??= importAesCbcKey(this.#cipherKey, legacy));
  }
}
