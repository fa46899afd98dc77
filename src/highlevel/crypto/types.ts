/**
 * Encrypts and decrypts file bytes and file messages exactly like the official PubNub SDKs' crypto modules, so either
 * side can read what the other wrote. Every failure is a `PubNubError`: decryption failures carry the category
 * `PNDecryptionErrorCategory`.
 *
 * Empty input is allowed: it encrypts to one padding block (plus IV or header) and decrypts back to empty bytes.
 * The official SDKs refuse to encrypt empty input but decrypt what this module produces for it.
 *
 * @example
 * const crypto = CryptoModule.aesCbcCryptoModule({ cipherKey: 'my-cipher-key' });
 * const stored = await crypto.encryptFile(new TextEncoder().encode('Knights who say Ni!'));
 * const plain = await crypto.decryptFile(stored);
 */
export interface CryptoModule {
  /** Encrypts a message (a string is taken as UTF-8). The caller base64-encodes the result for the wire. */
  encrypt(data: Uint8Array | string): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * Decrypts base64-decoded message bytes: a `PNED` header selects its cryptor, anything else is read as a legacy
   * message (random IV first, or the static IV when the legacy module was made with `useRandomIVs: false`).
   */
  decrypt(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
  /** File bytes → the bytes to store. Large files are read in chunks: leave `data` unchanged until this settles. */
  encryptFile(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
  /** Stored bytes → file bytes: a `PNED` header selects its cryptor, anything else is a legacy file (IV first). */
  decryptFile(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
  /** The exact size `encryptFile` produces for `plainSize` bytes, for checking the 5 MiB storage limit up front. */
  encryptedFileSize(plainSize: number): number;
}

export interface LegacyCryptoModuleOptions {
  cipherKey: string;
  /**
   * Messages only: prefix each message with a random IV (default, what the official SDKs do) or use the static IV
   * `0123456789012345` that very old clients expect. Files always get a random IV.
   */
  useRandomIVs?: boolean;
}

export interface AesCbcCryptoModuleOptions {
  cipherKey: string;
}
