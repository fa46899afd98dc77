// A stored file as the emulator's FileStore keeps it (its record and its bytes), for tests that write to the store
// directly: the file-store tests and the crash tests.
import { createHash } from 'node:crypto';
import type { StoredFile } from '../../src/emulator/file-store.ts';

/** The clock of those tests. */
export const NOW = Date.parse('2026-05-01T00:00:00Z');

export const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');

/** Version `bytes` of file `id`: stored at NOW, for a day. */
export function version(id: string, bytes: Uint8Array): { record: StoredFile; bytes: Uint8Array } {
  const record = {
    id,
    subKey: 'sub',
    channel: 'ch',
    name: 'n.bin',
    objectKey: `sub/o/${id}/n.bin`,
    contentType: 'application/octet-stream',
  };
  return {
    record: { ...record, size: bytes.length, md5: md5(bytes), createdMs: NOW, expiresAtMs: NOW + 86_400_000 },
    bytes,
  };
}
