// Key derivation of docs/protocol.md A4: both schemes start from SHA-256 of the cipher key's UTF-8 bytes.

export const encoder = new TextEncoder();

/** ACRH key: the raw 32-byte digest. Legacy key: the first 32 characters of its lowercase hex, as 32 ASCII bytes. */
export async function keyBytes(cipherKey: string, legacy: boolean): Promise<Uint8Array<ArrayBuffer>> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(cipherKey)));
  return legacy ? encoder.encode(toHex(digest.subarray(0, 16))) : digest;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
