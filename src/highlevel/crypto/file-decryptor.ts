// decryptFile piece by piece, for downloads, on a backend with a streaming decipher (only the node:crypto one, which
// alone imports this file, so browser builds do not carry it). The bytes before the ciphertext (header or IV) are
// gathered until they say which key and IV apply; then every piece goes through the decipher as it arrives, into one
// buffer of the expected size. Whatever cannot start that way (data too short, a header the module refuses) is
// gathered whole and given to decryptFile at the end, so every failure reads exactly as decryptFile's.
import { ByteSink, joined } from '../byte-sink.ts';
import { BLOCK_SIZE, checkCiphertextLength, type AesKey, type CbcDecipher, type FileDecryptor } from './backend.ts';
import { hasHeader, parseHeader } from './header.ts';

export function createFileDecryptor(
  keys: { acrh: AesKey; legacy: AesKey },
  expectedSize: number | undefined,
  decipherFor: (key: AesKey, iv: Uint8Array) => CbcDecipher,
  decryptWhole: (stored: Uint8Array<ArrayBuffer>) => Promise<Uint8Array<ArrayBuffer>>,
): FileDecryptor {
  let gathered: Uint8Array[] = [];
  let gatheredBytes = 0;
  let decipher: CbcDecipher | undefined;
  let plain: ByteSink | undefined;
  let ciphertextBytes = 0;
  let streaming = true;

  const feed = (ciphertext: Uint8Array) => {
    ciphertextBytes += ciphertext.length;
    plain!.write(decipher!.update(ciphertext));
  };
  // Waits, without joining what came so far, until the header's own length fields say it is all there; then joins
  // it once. So a server sending one byte at a time costs no more than one that sends the header whole.
  const tryStart = () => {
    if (gatheredBytes < 4) return;
    const first = joined(gathered, Math.min(gatheredBytes, 12));
    let needed = BLOCK_SIZE;
    if (hasHeader(first)) {
      if (gatheredBytes < 10) return;
      const length = first[9]!;
      if (length === 0xff && gatheredBytes < 12) return;
      needed = length === 0xff ? 12 + ((first[10]! << 8) | first[11]!) : 10 + length;
    }
    if (gatheredBytes < needed) return;
    const head = gathered.length === 1 ? gathered[0]! : joined(gathered, gatheredBytes);
    gathered = [head];
    let key = keys.legacy;
    let iv: Uint8Array;
    let payload: Uint8Array;
    if (hasHeader(head)) {
      let parsed;
      try {
        parsed = parseHeader(head);
      } catch {
        // Refused (a version or cryptor this module does not read): decryptFile will say why, at the end.
        streaming = false;
        return;
      }
      if (parsed.metadata.length !== BLOCK_SIZE) {
        streaming = false;
        return;
      }
      ({ metadata: iv, payload } = parsed);
      key = keys.acrh;
    } else {
      // Legacy data: the IV first.
      iv = head.subarray(0, BLOCK_SIZE);
      payload = head.subarray(BLOCK_SIZE);
    }
    decipher = decipherFor(key, iv);
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
      if (decipher === undefined) return decryptWhole(joined(gathered, gatheredBytes));
      checkCiphertextLength(ciphertextBytes);
      const blocks = plain!.bytes();
      return blocks.subarray(0, decipher.unpaddedLength(blocks, blocks.length));
    },
  };
}
