// AES-256-CBC on WebCrypto, which applies and checks PKCS#7 padding itself.
import { PubNubError } from '../errors.ts';

export const BLOCK_SIZE = 16;
// WebCrypto copies its input and returns a fresh buffer, so one encrypt call on a 5 MiB file plus the copy into the
// framed output holds three copies at once. Encrypting in chunks straight into the output measured ~10 MiB instead of
// ~15 MiB peak RSS growth for 5 MiB (bench/crypto-memory.ts). Decryption gains nothing from chunking (each chunk would
// need a forged padding block and a copy), so it is one call: input copy + output, the WebCrypto minimum.
// Each call is a round trip to the thread pool: 64 KiB chunks (80 calls for 5 MiB) took ~25% longer than 256 KiB
// ones, which cost ~0.5 MiB more peak (bench/run.ts crypto rows, bench/crypto-memory.ts).
const ENCRYPT_CHUNK_SIZE = 256 * 1024;

/** Size of the ciphertext of `plainSize` bytes: PKCS#7 always adds 1..16 bytes. */
export function paddedSize(plainSize: number): number {
  return plainSize - (plainSize % BLOCK_SIZE) + BLOCK_SIZE;
}

/** Encrypts `plaintext` into `target`, which must be exactly `paddedSize(plaintext.length)` bytes. */
export async function cbcEncryptInto(
  key: CryptoKey,
  iv: Uint8Array,
  plaintext: Uint8Array,
  target: Uint8Array,
  chunkSize = ENCRYPT_CHUNK_SIZE,
): Promise<void> {
  try {
    let chainIv = iv;
    let offset = 0;
    while (plaintext.length - offset > chunkSize) {
      // WebCrypto pads every call: keep the chunk's blocks, drop the padding block, continue the chain from there,
      // which gives exactly the bytes of one long CBC pass.
      const ciphertext = await encryptCall(key, chainIv, plaintext.subarray(offset, offset + chunkSize));
      target.set(ciphertext.subarray(0, chunkSize), offset);
      offset += chunkSize;
      chainIv = target.subarray(offset - BLOCK_SIZE, offset);
    }
    target.set(await encryptCall(key, chainIv, plaintext.subarray(offset)), offset);
  } catch (cause) {
    // Only happens when the platform lacks AES-CBC, never for a given input.
    throw new PubNubError(
      'Encryption failed: the platform WebCrypto refused AES-256-CBC',
      { category: 'PNUnknownCategory', operation: 'PNEncryptOperation' },
      { cause },
    );
  }
}

/** Decrypts `ciphertext`, or fails with a decryption error when its length or padding is wrong. */
export async function cbcDecrypt(
  key: CryptoKey,
  iv: Uint8Array,
  ciphertext: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  if (ciphertext.length === 0 || ciphertext.length % BLOCK_SIZE !== 0) {
    throw PubNubError.decryption(
      `truncated data: the ciphertext (after any IV or header) is ${ciphertext.length} bytes, expected a non-zero multiple of 16`,
    );
  }
  try {
    return new Uint8Array(
      await globalThis.crypto.subtle.decrypt(
        { name: 'AES-CBC', iv: asBufferSource(iv) },
        key,
        asBufferSource(ciphertext),
      ),
    );
  } catch (cause) {
    // The only thing AES-CBC can detect is bad padding, and that is all a wrong key or flipped bytes look like.
    throw PubNubError.decryption(
      'wrong cipher key or corrupt data (bad padding); check that the sender used the same cipher key',
      cause,
    );
  }
}

async function encryptCall(key: CryptoKey, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(
    await globalThis.crypto.subtle.encrypt({ name: 'AES-CBC', iv: asBufferSource(iv) }, key, asBufferSource(data)),
  );
}

// The DOM typings want ArrayBuffer-backed views; WebCrypto reads any view, so this only narrows the type, no copy.
function asBufferSource(view: Uint8Array): Uint8Array<ArrayBuffer> {
  return view as Uint8Array<ArrayBuffer>;
}
