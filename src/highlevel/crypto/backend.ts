// The one thing that differs between runtimes in the crypto module: AES-256-CBC itself. `#aes-cbc` (package.json
// "imports") picks the implementation by export condition: `node` (Node, Bun, Deno) gets cbc-node.ts, which uses
// node:crypto's streaming cipher when the runtime has it; every other runtime (browsers, workers) gets cbc.ts,
// WebCrypto only, and its builds contain no `node:` import. Both apply and check PKCS#7 padding and write exactly the
// same bytes (test/highlevel/crypto-backends.test.ts).
import { PubNubError } from '../errors.ts';

export const BLOCK_SIZE = 16;

/** A key as one backend holds it (a CryptoKey, raw bytes): only that backend reads it. */
export interface AesKey {
  readonly aesKeyOf: 'webcrypto' | 'node';
}

/** Decrypts a ciphertext given piece by piece, padding included: the caller drops it with `unpaddedLength`. */
export interface CbcDecipher {
  /** Plaintext of the blocks complete so far, the padding block too. */
  update(ciphertext: Uint8Array): Uint8Array;
  unpaddedLength(plain: Uint8Array, length: number): number;
}

export interface AesCbc {
  /** `raw`: the 32-byte key. */
  importKey(raw: Uint8Array<ArrayBuffer>): Promise<AesKey>;
  /** Encrypts `plaintext` into `target`, which must be exactly `paddedSize(plaintext.length)` bytes. */
  encryptInto(key: AesKey, iv: Uint8Array, plaintext: Uint8Array, target: Uint8Array): Promise<void>;
  /** Decrypts `ciphertext`, or fails with a decryption error when its length or padding is wrong. */
  decrypt(key: AesKey, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * decryptFile fed piece by piece, where the backend has a streaming decipher (absent, or `undefined` for these
   * keys, otherwise). `decryptWhole` is decryptFile itself, for data that cannot be streamed.
   */
  fileDecryptor?(
    keys: { acrh: AesKey; legacy: AesKey },
    expectedSize: number | undefined,
    decryptWhole: (stored: Uint8Array<ArrayBuffer>) => Promise<Uint8Array<ArrayBuffer>>,
  ): FileDecryptor | undefined;
}

/** decryptFile fed piece by piece: `write` each piece of the stored bytes as it arrives, then `end`. */
export interface FileDecryptor {
  /** Kept (not copied) until it is decrypted: the caller must leave the chunk unchanged. */
  write(chunk: Uint8Array): void;
  /** The file's bytes; fails as decryptFile would for the same stored bytes. */
  end(): Promise<Uint8Array<ArrayBuffer>>;
}

/** Size of the ciphertext of `plainSize` bytes: PKCS#7 always adds 1..16 bytes. */
export function paddedSize(plainSize: number): number {
  return plainSize - (plainSize % BLOCK_SIZE) + BLOCK_SIZE;
}

/** The length check both backends make before decrypting, with the same message. */
export function checkCiphertextLength(length: number): void {
  if (length === 0 || length % BLOCK_SIZE !== 0) {
    throw PubNubError.decryption(
      `truncated data: the ciphertext (after any IV or header) is ${length} bytes, expected a non-zero multiple of 16`,
    );
  }
}

/**
 * The length of `plain`'s first `length` bytes (all the decrypted blocks, a multiple of 16) without their PKCS#7
 * padding, or a decryption error when the padding is wrong.
 */
export function unpaddedLength(plain: Uint8Array, length: number): number {
  const padding = plain[length - 1]!;
  let wrong = padding === 0 || padding > BLOCK_SIZE || padding > length;
  for (let at = length - padding; !wrong && at < length; at++) wrong = plain[at] !== padding;
  if (wrong) throw badPadding(undefined);
  return length - padding;
}

/** The only thing AES-CBC can detect is bad padding, and that is all a wrong key or flipped bytes look like. */
export function badPadding(cause: unknown): PubNubError {
  return PubNubError.decryption(
    'wrong cipher key or corrupt data (bad padding); check that the sender used the same cipher key',
    cause,
  );
}

/** Only happens when the platform lacks AES-CBC, never for a given input. */
export function platformRefused(
  cause: unknown,
  operation: 'PNEncryptOperation' | 'PNDecryptOperation' = 'PNEncryptOperation',
): PubNubError {
  const what = operation === 'PNEncryptOperation' ? 'Encryption' : 'Decryption';
  return new PubNubError(
    `${what} failed: the platform's crypto refused AES-256-CBC`,
    { category: 'PNUnknownCategory', operation },
    { cause },
  );
}
