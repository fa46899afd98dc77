// Every kind of file a caller may hold, read into bytes without a `node:` import (docs/protocol.md B8).
// Files are at most 5 MiB stored and encryption needs the whole plaintext, so the bytes are buffered; reading
// stops as soon as a stream is known to be too large.
import { readableStreamChunks } from '../lowlevel/platform.ts';
import { joined } from './byte-sink.ts';
import { PubNubError } from './errors.ts';

/** A Node `Readable` or any other async iterable of byte chunks (strings are taken as UTF-8). */
export type ByteChunks = AsyncIterable<Uint8Array | string>;

/** What `sendFile` accepts as the file. */
export type FileInput = Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array> | ByteChunks | string;

export interface LoadedFile {
  bytes: Uint8Array<ArrayBuffer>;
  /** The file's own media type when it says (a `Blob`/`File` with a `type`). */
  contentType: string | undefined;
}

/** A stream gave more than `limit` bytes; reading stopped there. */
export interface TooLarge {
  tooLarge: true;
  readSoFar: number;
}

export function isFileInput(value: unknown): value is FileInput {
  return (
    typeof value === 'string' ||
    value instanceof Uint8Array ||
    value instanceof ArrayBuffer ||
    isBlob(value) ||
    isReadableStream(value) ||
    isByteChunks(value)
  );
}

/**
 * A Blob's size, known before reading it (a large one should not be read only to be refused). Bytes and strings are in
 * memory already, and streams must be read: their size is checked once loaded.
 */
export function knownSize(input: FileInput): number | undefined {
  return isBlob(input) ? input.size : undefined;
}

/**
 * Reads the input into one buffer. Inputs of known size are read whole (check `knownSize` first); a stream is
 * given up once more than `limit` bytes arrived.
 */
export async function loadFile(input: FileInput, limit: number): Promise<LoadedFile | TooLarge> {
  if (typeof input === 'string') return { bytes: new TextEncoder().encode(input), contentType: undefined };
  // Bytes already in memory are used in place, not copied: a 5 MiB file should not cost 10.
  if (input instanceof Uint8Array) return { bytes: inPlace(input), contentType: undefined };
  if (input instanceof ArrayBuffer) return { bytes: new Uint8Array(input), contentType: undefined };
  if (isBlob(input)) {
    return {
      bytes: new Uint8Array(await input.arrayBuffer()),
      contentType: input.type === '' ? undefined : input.type,
    };
  }
  const chunks = isReadableStream(input) ? readableStreamChunks(input) : input;
  return collect(chunks, limit);
}

async function collect(chunks: ByteChunks, limit: number): Promise<LoadedFile | TooLarge> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const encoder = new TextEncoder();
  for await (const chunk of chunks) {
    // Anything else (an ArrayBuffer, a DataView, an object-mode item) would be copied in as zeros or nothing.
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      throw PubNubError.validation(
        'PNPublishFileOperation',
        `Unsupported file stream: expected Uint8Array or string chunks, got ${Object.prototype.toString.call(chunk).slice(8, -1)}.`,
      );
    }
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    total += bytes.byteLength;
    // Leaving the loop early calls the iterator's `return`, which cancels the stream: nothing more is read.
    if (total > limit) return { tooLarge: true, readSoFar: total };
    parts.push(bytes);
  }
  return { bytes: joined(parts, total), contentType: undefined };
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== 'undefined' && value instanceof ReadableStream;
}

function isByteChunks(value: unknown): value is ByteChunks {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

/** The same bytes typed as ArrayBuffer-backed, copied only when they live in a SharedArrayBuffer. */
function inPlace(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
