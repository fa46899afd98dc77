// The crypto module header v1 of docs/protocol.md A4:
// `PNED` | version 0x01 | 4-byte cryptor id | metadata length (1 byte, or 0xFF + big-endian uint16) | metadata.
import { encoder, toHex } from './keys.ts';
import { PubNubError } from '../errors.ts';

/** All this SDK writes: an ACRH header whose metadata is the 16-byte IV, so its length fits the one byte 0x10. */
export const ACRH_HEADER_START = encoder.encode('PNED\x01ACRH\x10');

export interface ParsedHeader {
  metadata: Uint8Array;
  /** What follows the header: a view into the input, not a copy. */
  payload: Uint8Array;
}

export function hasHeader(data: Uint8Array): boolean {
  return String.fromCharCode(...data.subarray(0, 4)) === 'PNED';
}

/** Parses an ACRH header at the start of `data` (which must start with `PNED`), checking every length against the data. */
export function parseHeader(data: Uint8Array): ParsedHeader {
  requireLength(data, 10); // up to the first metadata length byte
  const version = data[4]!;
  if (version !== 1) {
    throw PubNubError.decryption(`unsupported crypto header version ${version} (this SDK reads version 1)`);
  }
  const idBytes = data.subarray(5, 9);
  const cryptorId = String.fromCharCode(...idBytes);
  if (cryptorId !== 'ACRH') {
    // Shown as text when printable, so `AEGC` reads as such; as hex otherwise, so garbage cannot break the message.
    const shown = /^[ -~]+$/.test(cryptorId) ? `'${cryptorId}'` : `0x${toHex(idBytes)}`;
    throw PubNubError.decryption(`unknown cryptor id ${shown} (this SDK reads ACRH and legacy data)`);
  }
  let offset = 10;
  let metadataLength = data[9]!;
  if (metadataLength === 0xff) {
    // 0xFF escapes a big-endian uint16 length.
    requireLength(data, (offset += 2));
    metadataLength = (data[10]! << 8) | data[11]!;
  }
  const end = offset + metadataLength;
  requireLength(data, end);
  return { metadata: data.subarray(offset, end), payload: data.subarray(end) };
}

// Each length field, read in turn, tells how far the header reaches at least.
function requireLength(data: Uint8Array, headerLength: number): void {
  if (data.length < headerLength) {
    throw PubNubError.decryption(
      `truncated data: the crypto header needs at least ${headerLength} bytes, got ${data.length}`,
    );
  }
}
