// The crypto module behind both public factories. Not exported from the package: tests use `randomBytes` to pin IVs.
import { describe } from '../describe.ts';
import { aesCbc } from '#aes-cbc';
import { BLOCK_SIZE, checkCiphertextLength, paddedSize, type AesKey, type CbcDecipher } from './backend.ts';
import { ByteSink } from '../byte-sink.ts';
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

  // decryptFile piece by piece, for downloads: the bytes before the ciphertext (header or IV) are gathered until they
  // say which key and IV apply, then every piece goes through a streaming decipher as it arrives. Whatever cannot
  // start that way (data too short, a header this module refuses) is gathered whole and given to decryptFile at the
  // end, so every failure reads exactly as decryptFile's.
  async function fileDecryptor(expectedSize: number | undefined): Promise<FileDecryptor | undefined> {
    const [acrhKey, legacyKey] = await Promise.all([key(false), key(true)]);
    if (!aesCbc.streams(acrhKey)) return undefined;
    let gathered: Uint8Array[] = [];
    let gatheredBytes = 0;
    let decipher: CbcDecipher | undefined;
    let ciphertextBytes = 0;
    let plain: ByteSink | undefined;
    let streaming = true;

    const feed = (ciphertext: Uint8Array) => {
      ciphertextBytes += ciphertext.length;
      plain!.write(decipher!.update(ciphertext));
    };
    const tryStart = () => {
      const head = gathered.length === 1 ? gathered[0]! : concat(gathered, gatheredBytes);
      gathered = [head];
      if (head.length < 4) return;
      let iv: Uint8Array;
      let payload: Uint8Array;
      let aesKey = legacyKey;
      if (hasHeader(head)) {
        let parsed;
        try {
          parsed = parseHeader(head);
        } catch {
          // Short of its end, or refused: a header is at most 12 + 65,535 bytes long.
          if (head.length >= 12 + 0xffff) streaming = false;
          return;
        }
        if (parsed.metadata.length !== IV_LENGTH) {
          streaming = false;
          return;
        }
        ({ metadata: iv, payload } = parsed);
        aesKey = acrhKey;
      } else {
        if (head.length < IV_LENGTH) return;
        iv = head.subarray(0, IV_LENGTH);
        payload = head.subarray(IV_LENGTH);
      }
      decipher = aesCbc.decipher(aesKey, iv);
      if (decipher === undefined) {
        streaming = false;
        return;
      }
      const headerBytes = head.length - payload.length;
      plain = new ByteSink(expectedSize === undefined ? payload.length : Math.max(0, expectedSize - headerBytes));
      gathered = [];
      feed(payload);
    };

    return {
      write(chunk) {
        if (decipher !== undefined) return feed(chunk);
        gathered.push(chunk);
        gatheredBytes += chunk.length;
        if (streaming) tryStart();
      },
      async end() {
        if (decipher === undefined) return decrypt(concat(gathered, gatheredBytes), true);
        checkCiphertextLength(ciphertextBytes);
        const blocks = plain!.bytes();
        return blocks.subarray(0, decipher.unpaddedLength(blocks, blocks.length));
      },
    };
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

/** decryptFile fed piece by piece: `write` each piece of the stored bytes as it arrives, then `end`. */
export interface FileDecryptor {
  /** Kept (not copied) until it is decrypted: the caller must leave the chunk unchanged. */
  write(chunk: Uint8Array): void;
  /** The file's bytes; fails as decryptFile would for the same stored bytes. */
  end(): Promise<Uint8Array<ArrayBuffer>>;
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

function concat(pieces: readonly Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

function randomIv(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}
