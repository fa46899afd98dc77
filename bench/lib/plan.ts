// How much to measure. The full plan takes ~3 minutes on the 2-core machine (more when others load it); the smoke
// plan runs every row in seconds (inside `npm test`) and proves only that the benchmark still works, never how fast
// anything is.
import { MAX_STORED_FILE_BYTES as STORAGE_LIMIT } from '../../src/generated/spec-facts.ts';

/** Storage refuses more stored bytes than this: the spec's limit, generated into src/generated/spec-facts.ts. */
export { STORAGE_LIMIT };
const BLOCK = 16;
const ACRH_HEADER = 26;

/** The largest plaintext whose AES-CBC (ACRH) stored form still fits: header + PKCS#7-padded ciphertext. */
export const LARGEST_ENCRYPTED_FILE = (Math.floor((STORAGE_LIMIT - ACRH_HEADER) / BLOCK) - 1) * BLOCK + (BLOCK - 1);

export interface SizeCase {
  /** Stable part of the row id. */
  id: 'small' | 'medium' | 'largest';
  plain: number;
  encrypted: number;
  repetitions: number;
}

export interface Plan {
  mode: 'full' | 'smoke';
  sizes: SizeCase[];
  warmup: number;
  crypto: { bytes: number; repetitions: number };
  list: { files: number; pageSize: number; repetitions: number };
  coldImport: { spawns: number };
  memory: { bytes: number; repetitions: number };
}

export const FULL_PLAN: Plan = {
  mode: 'full',
  sizes: [
    { id: 'small', plain: 1024, encrypted: 1024, repetitions: 100 },
    { id: 'medium', plain: 1024 * 1024, encrypted: 1024 * 1024, repetitions: 40 },
    { id: 'largest', plain: STORAGE_LIMIT, encrypted: LARGEST_ENCRYPTED_FILE, repetitions: 25 },
  ],
  warmup: 2,
  crypto: { bytes: STORAGE_LIMIT, repetitions: 40 },
  list: { files: 1000, pageSize: 100, repetitions: 31 },
  coldImport: { spawns: 31 },
  memory: { bytes: LARGEST_ENCRYPTED_FILE, repetitions: 7 },
};

export const SMOKE_PLAN: Plan = {
  mode: 'smoke',
  sizes: [
    { id: 'small', plain: 1024, encrypted: 1024, repetitions: 1 },
    { id: 'medium', plain: 16 * 1024, encrypted: 16 * 1024, repetitions: 1 },
    { id: 'largest', plain: 64 * 1024, encrypted: 64 * 1024 - 1, repetitions: 1 },
  ],
  warmup: 1,
  crypto: { bytes: 64 * 1024, repetitions: 1 },
  list: { files: 12, pageSize: 5, repetitions: 1 },
  // Three, so that the table shows one spread (min–max) even here.
  coldImport: { spawns: 3 },
  // Full size even here: a smaller file can fit in memory the process already holds, and show no growth at all.
  memory: { bytes: LARGEST_ENCRYPTED_FILE, repetitions: 1 },
};

export function formatSize(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes.toLocaleString('en-US')} B`;
}

/** Incompressible bytes, so no layer can get lucky. */
export function randomPayload(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let offset = 0; offset < size; offset += 65_536) {
    globalThis.crypto.getRandomValues(bytes.subarray(offset, offset + 65_536));
  }
  return bytes;
}
