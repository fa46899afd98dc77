// Encryption byte-compatible with the official PubNub SDKs (docs/protocol.md A4, B6); AES-256-CBC by runtime: backend.ts.
import { createCryptoModule } from './module.ts';
import type {
  AesCbcCryptoModuleOptions,
  CryptoModule as CryptoModuleInstance,
  LegacyCryptoModuleOptions,
} from './types.ts';

export type { AesCbcCryptoModuleOptions, LegacyCryptoModuleOptions } from './types.ts';
export type CryptoModule = CryptoModuleInstance;

/**
 * The two crypto modules of the official SDKs. Both read both formats; they differ in what they write.
 *
 * @example
 * const crypto = CryptoModule.aesCbcCryptoModule({ cipherKey: 'my-cipher-key' });
 * const bytes = await crypto.encrypt(JSON.stringify({ hello: 'world' }));
 * const message = btoa(String.fromCharCode(...bytes)); // base64, as encrypted file messages travel
 */
export const CryptoModule = {
  /**
   * Writes the legacy formats (what a bare `cipherKey` means in every official SDK): files as IV || ciphertext,
   * messages with a random IV first, or with the static IV when `useRandomIVs` is false.
   * Throws a `PNValidationErrorCategory` error when `cipherKey` is missing or empty.
   */
  legacyCryptoModule(options: LegacyCryptoModuleOptions): CryptoModuleInstance {
    // Called without options (or with null) from plain JavaScript: the missing cipherKey is what gets reported.
    return createCryptoModule({
      cipherKey: options?.cipherKey,
      acrh: false,
      useRandomIVs: options?.useRandomIVs ?? true,
    });
  },
  /**
   * Writes the `PNED`/`ACRH` header format (AES-256-CBC with a full 256-bit key): the choice for new apps.
   * Throws a `PNValidationErrorCategory` error when `cipherKey` is missing or empty.
   */
  aesCbcCryptoModule(options: AesCbcCryptoModuleOptions): CryptoModuleInstance {
    return createCryptoModule({ cipherKey: options?.cipherKey, acrh: true, useRandomIVs: true });
  },
};
