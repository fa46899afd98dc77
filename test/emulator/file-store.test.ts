import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../src/emulator/file-store.ts';
import { memoryBackend, type StorageBackend } from '../../src/emulator/storage-backends.ts';
import { patternBytes } from '../support/emulator-harness.ts';
import { md5, NOW, version } from '../support/stored-file.ts';

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
