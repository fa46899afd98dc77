import { PubNubError } from '../errors.ts';

/** A payload that cannot be decrypted: wrong key, corrupt, truncated or of an unknown format. */
export function decryptionError(message: string, cause?: unknown): PubNubError {
  return new PubNubError(
    `Decryption failed: ${message}`,
    { category: 'PNDecryptionErrorCategory', operation: 'PNDecryptOperation' },
    { cause },
  );
}

/** Input the crypto module refuses before doing any work (empty cipher key, impossible size, not bytes). */
export function cryptoValidationError(
  message: string,
  operation: 'PNEncryptOperation' | 'PNDecryptOperation' = 'PNEncryptOperation',
): PubNubError {
  return new PubNubError(message, { category: 'PNValidationErrorCategory', operation });
}
