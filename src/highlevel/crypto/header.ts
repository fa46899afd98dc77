// The crypto module header v1 of PROTOCOL.md A4:
// `PNED` | version 0x01 | 4-byte cryptor id | metadata length (1 byte, or 0xFF + big-endian uint16) | metadata.
import { decryptionError } from './errors.ts';
import { toHex } from './keys.ts';

const VERSION = 1;
const FIXED_LENGTH = 9; // `PNED`, version and cryptor id: up to the metadata length byte
const LENGTH_ESCAPE = 0xff;

/** All this SDK writes: an ACRH header whose metadata is the 16-byte IV, so its length fits the one byte 0x10. */
export const ACRH_HEADER_START = new TextEncoder().encode('PNED\x01ACRH\x10');

export interface ParsedHeader {
  cryptorId: string;
  metadata: Uint8Array;
  /** What follows the header: a view into the input, not a copy. */
  payload: Uint8Array;
}

export function hasHeader(data: Uint8Array): boolean {
  return ACRH_HEADER_START.subarray(0, 4).every((byte, i) => data[i] === byte);
}

/** Parses a header at the start of `data` (which must start with `PNED`), checking every length against the data. */
export function parseHeader(data: Uint8Array, knownCryptorIds: readonly string[]): ParsedHeader {
  requireLength(data, FIXED_LENGTH + 1);
  const version = data[4]!;
  if (version !== VERSION) {
    throw decryptionError(`unsupported crypto header version ${version} (this SDK reads version ${VERSION})`);
  }
  const idBytes = data.subarray(5, FIXED_LENGTH);
  const cryptorId = String.fromCharCode(...idBytes);
  if (!knownCryptorIds.includes(cryptorId)) {
    throw decryptionError(
      `unknown cryptor id ${describeId(idBytes)}: this SDK reads ${knownCryptorIds.join(', ')} and legacy data, the sender used another crypto module`,
    );
  }
  let offset = FIXED_LENGTH + 1;
  let metadataLength = data[FIXED_LENGTH]!;
  if (metadataLength === LENGTH_ESCAPE) {
    requireLength(data, (offset += 2));
    metadataLength = (data[offset - 2]! << 8) | data[offset - 1]!;
  }
  const end = offset + metadataLength;
  requireLength(data, end);
  return { cryptorId, metadata: data.subarray(offset, end), payload: data.subarray(end) };
}

// Each length field, read in turn, tells how far the header reaches at least.
function requireLength(data: Uint8Array, headerLength: number): void {
  if (data.length < headerLength) {
    throw decryptionError(`truncated data: the crypto header needs at least ${headerLength} bytes, got ${data.length}`);
  }
}

// Shown as text when printable, so `AEGC` reads as such; as hex otherwise, so garbage cannot break the message.
function describeId(idBytes: Uint8Array): string {
  const printable = idBytes.every((byte) => byte >= 0x20 && byte < 0x7f);
  if (printable) return `'${String.fromCharCode(...idBytes)}'`;
  return `0x${toHex(idBytes)}`;
}
