// The crypto module header v1 of PROTOCOL.md A4:
// `PNED` | version 0x01 | 4-byte cryptor id | metadata length (1 byte, or 0xFF + big-endian uint16) | metadata.
import { cryptoValidationError, decryptionError } from './errors.ts';

const SENTINEL = [0x50, 0x4e, 0x45, 0x44]; // "PNED"
const VERSION = 1;
const CRYPTOR_ID_LENGTH = 4;
const FIXED_LENGTH = SENTINEL.length + 1 + CRYPTOR_ID_LENGTH; // up to the metadata length byte
const LENGTH_ESCAPE = 0xff;
export const MAX_METADATA_LENGTH = 0xffff;

export interface ParsedHeader {
  cryptorId: string;
  metadata: Uint8Array;
  /** What follows the header: a view into the input, not a copy. */
  payload: Uint8Array;
}

export function hasHeader(data: Uint8Array): boolean {
  return SENTINEL.every((byte, i) => data[i] === byte);
}

/** Total header size for `metadataLength` bytes of metadata, metadata included. */
export function headerLength(metadataLength: number): number {
  return FIXED_LENGTH + (metadataLength < LENGTH_ESCAPE ? 1 : 3) + metadataLength;
}

/** Writes the header for `cryptorId` (4 ASCII characters) with `metadata` at the start of `target`; returns its length. */
export function writeHeader(target: Uint8Array, cryptorId: string, metadata: Uint8Array): number {
  if (metadata.length > MAX_METADATA_LENGTH) {
    throw cryptoValidationError(
      `crypto header metadata is ${metadata.length} bytes, the header format allows at most ${MAX_METADATA_LENGTH}`,
    );
  }
  target.set(SENTINEL, 0);
  target[SENTINEL.length] = VERSION;
  for (let i = 0; i < CRYPTOR_ID_LENGTH; i++) target[SENTINEL.length + 1 + i] = cryptorId.charCodeAt(i);
  let offset = FIXED_LENGTH;
  if (metadata.length < LENGTH_ESCAPE) {
    target[offset++] = metadata.length;
  } else {
    target[offset++] = LENGTH_ESCAPE;
    target[offset++] = metadata.length >> 8;
    target[offset++] = metadata.length & 0xff;
  }
  target.set(metadata, offset);
  return offset + metadata.length;
}

export function encodeHeader(cryptorId: string, metadata: Uint8Array): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(headerLength(metadata.length));
  writeHeader(header, cryptorId, metadata);
  return header;
}

/** Parses a header at the start of `data` (which must start with `PNED`), checking every length against the data. */
export function parseHeader(data: Uint8Array, knownCryptorIds: readonly string[]): ParsedHeader {
  if (data.length <= FIXED_LENGTH) {
    throw decryptionError(`truncated data: a crypto header needs at least ${FIXED_LENGTH + 1} bytes, got ${data.length}`);
  }
  const version = data[SENTINEL.length]!;
  if (version !== VERSION) {
    throw decryptionError(`unsupported crypto header version ${version} (this SDK reads version ${VERSION})`);
  }
  const idBytes = data.subarray(SENTINEL.length + 1, FIXED_LENGTH);
  const cryptorId = String.fromCharCode(...idBytes);
  if (!knownCryptorIds.includes(cryptorId)) {
    throw decryptionError(
      `unknown cryptor id ${describeId(idBytes)}: this SDK reads ${knownCryptorIds.join(', ')} and legacy data, the sender used another crypto module`,
    );
  }
  let offset = FIXED_LENGTH;
  let metadataLength = data[offset++]!;
  if (metadataLength === LENGTH_ESCAPE) {
    if (data.length < offset + 2) {
      throw decryptionError('truncated data: the crypto header ends inside its two-byte metadata length');
    }
    metadataLength = (data[offset]! << 8) | data[offset + 1]!;
    offset += 2;
  }
  if (offset + metadataLength > data.length) {
    throw decryptionError(
      `crypto header metadata of ${metadataLength} bytes is longer than the ${data.length - offset} bytes that follow it`,
    );
  }
  return {
    cryptorId,
    metadata: data.subarray(offset, offset + metadataLength),
    payload: data.subarray(offset + metadataLength),
  };
}

// Shown as text when printable, so `AEGC` reads as such; as hex otherwise, so garbage cannot break the message.
function describeId(idBytes: Uint8Array): string {
  const printable = idBytes.every((byte) => byte >= 0x20 && byte < 0x7f);
  if (printable) return `'${String.fromCharCode(...idBytes)}'`;
  return `0x${Array.from(idBytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
