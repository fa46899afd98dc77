import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileStore, type StoredFile } from '../../src/emulator/file-store.ts';
import { memoryBackend, type StorageBackend } from '../../src/emulator/storage-backends.ts';
import { patternBytes } from '../support/emulator-harness.ts';

const NOW = Date.parse('2026-05-01T00:00:00Z');
const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');

function version(id: string, bytes: Uint8Array): { record: StoredFile; bytes: Uint8Array } {
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

/** A backend whose writes, once `hold()` is called, wait until the test lets them go. */
function holdingBackend(): { backend: StorageBackend; hold(): { started: Promise<void>; release(): void } } {
  const inner = memoryBackend();
  let held: Promise<void> | undefined;
  let started = (): void => {};
  return {
    backend: {
      ...inner,
      async write(id, bytes, metadata) {
        started();
        await held;
        return inner.write(id, bytes, metadata);
      },
    },
    hold() {
      let release = (): void => {};
      held = new Promise((resolve) => (release = resolve));
      return { started: new Promise((resolve) => (started = resolve)), release };
    },
  };
}

describe('file store, requests racing on one file', () => {
  it('serves a download during a re-upload with the same form as one version, record and bytes alike', async () => {
    const id = randomUUID();
    const [v1, v2] = [version(id, patternBytes(1_000, 1)), version(id, patternBytes(2_500, 2))];
    const { backend, hold } = holdingBackend();
    const store = await FileStore.open(backend);
    await store.save(v1.record, v1.bytes);

    const write = hold();
    const upload = store.save(v2.record, v2.bytes);
    await write.started;
    const download = store.readObject(v1.record.objectKey, NOW);
    write.release();
    await upload;
    const served = await download;
    expect(served && { md5: served.file.md5, size: served.file.size, bytesMd5: md5(served.bytes!) }).toEqual({
      md5: v2.record.md5,
      size: v2.record.size,
      bytesMd5: v2.record.md5,
    });
  });
});
