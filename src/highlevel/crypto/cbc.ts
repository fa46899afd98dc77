// AES-256-CBC on WebCrypto, which applies and checks PKCS#7 padding itself.
import { decryptionError, encryptionError } from './errors.ts';

export const BLOCK_SIZE = 16;

/** Stored size of `plainSize` bytes of ciphertext: PKCS#7 always adds 1..16 bytes. */
export function paddedSize(plainSize: number): number {
  return (Math.floor(plainSize / BLOCK_SIZE) + 1) * BLOCK_SIZE;
}

export async function cbcEncrypt(key: CryptoKey, iv: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-CBC', iv: asBufferSource(iv) }, key, asBufferSource(plaintext)));
  } catch (cause) {
    throw encryptionError(cause);
  }
}

export async function cbcDecrypt(key: CryptoKey, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  if (ciphertext.length === 0 || ciphertext.length % BLOCK_SIZE !== 0) {
    throw decryptionError(
      `truncated data: the ciphertext is ${ciphertext.length} bytes, expected a non-zero multiple of ${BLOCK_SIZE}`,
    );
  }
  try {
    return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-CBC', iv: asBufferSource(iv) }, key, asBufferSource(ciphertext)));
  } catch (cause) {
    // The only thing AES-CBC can detect is bad padding, and that is all a wrong key or flipped bytes look like.
    throw decryptionError('wrong cipher key or corrupt data (the padding does not check out)', cause);
  }
}

// The DOM typings want ArrayBuffer-backed views; WebCrypto reads any view, so this only narrows the type, no copy.
function asBufferSource(view: Uint8Array): Uint8Array<ArrayBuffer> {
  return view as Uint8Array<ArrayBuffer>;
}
