// Key derivation of PROTOCOL.md A4: both schemes start from SHA-256 of the cipher key's UTF-8 bytes.

const encoder = new TextEncoder();

async function sha256(cipherKey: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(cipherKey)));
}

/** Legacy key: the first 32 characters of the lowercase hex digest, used as 32 ASCII bytes. */
export async function legacyKeyBytes(cipherKey: string): Promise<Uint8Array<ArrayBuffer>> {
  const digest = await sha256(cipherKey);
  const hex = Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return encoder.encode(hex);
}

/** ACRH key: the raw 32-byte digest. */
export function acrhKeyBytes(cipherKey: string): Promise<Uint8Array<ArrayBuffer>> {
  return sha256(cipherKey);
}

export async function importAesCbcKey(keyBytes: Promise<Uint8Array<ArrayBuffer>>): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', await keyBytes, 'AES-CBC', false, ['encrypt', 'decrypt']);
}
