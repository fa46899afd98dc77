// AES-256-CBC on WebCrypto, which applies and checks PKCS#7 padding itself: the backend of `#aes-cbc` for browsers
// and workers, and the fallback of the Node one (backend.ts).
import { badPadding, BLOCK_SIZE, checkCiphertextLength, platformRefused, type AesCbc, type AesKey } from './backend.ts';

export { paddedSize } from './backend.ts';
// WebCrypto copies its input and returns a fresh buffer, so one encrypt call on a 5 MiB file plus the copy into the
// framed output holds three copies at once. Encrypting in chunks straight into the output measured ~10 MiB instead of
// ~15 MiB peak RSS growth for 5 MiB (bench/crypto-memory.ts). Decryption gains nothing from chunking (each chunk would
// need a forged padding block and a copy), so it is one call: input copy + output, the WebCrypto minimum.
// Each call is a round trip to the thread pool: 64 KiB chunks (80 calls for 5 MiB) took ~25% longer than 256 KiB
// ones, which cost ~0.5 MiB more peak (bench/run.ts crypto rows, bench/crypto-memory.ts).
const ENCRYPT_CHUNK_SIZE = 256 * 1024;

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
    throw platformRefused(cause);
  }
}

/** Decrypts `ciphertext`, or fails with a decryption error when its length or padding is wrong. */
export async function cbcDecrypt(
  key: CryptoKey,
  iv: Uint8Array,
  ciphertext: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  checkCiphertextLength(ciphertext.length);
  try {
    return new Uint8Array(
      await globalThis.crypto.subtle.decrypt(
        { name: 'AES-CBC', iv: asBufferSource(iv) },
        key,
        asBufferSource(ciphertext),
      ),
    );
  } catch (cause) {
    throw badPadding(cause);
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

interface WebCryptoKey extends AesKey {
  aesKeyOf: 'webcrypto';
  key: CryptoKey;
}

/** WebCrypto has no streaming form: no `fileDecryptor` here. */
export const aesCbc: AesCbc = {
  async importKey(raw) {
    const key = await globalThis.crypto.subtle.importKey('raw', raw, 'AES-CBC', false, ['encrypt', 'decrypt']);
    return { aesKeyOf: 'webcrypto', key } satisfies WebCryptoKey;
  },
  encryptInto: (key, iv, plaintext, target) => cbcEncryptInto((key as WebCryptoKey).key, iv, plaintext, target),
  decrypt: (key, iv, ciphertext) => cbcDecrypt((key as WebCryptoKey).key, iv, ciphertext),
};
