import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/emulator/file-store.ts';
import { diskBackend, type DiskOps } from '../../src/emulator/storage-backends.ts';
import { patternBytes } from '../support/emulator-harness.ts';
import { NOW, version } from '../support/stored-file.ts';

/**
 * Crash consistency of the disk backend: each operation is cut short at every one of its file-system changes in turn,
 * as a process crash would (a write leaves half its data, nothing after it happens), and the data dir is then opened
 * again. A power loss is not covered: nothing is fsynced.
 */

class Crash extends Error {}

/** The real file system, until its `crashAt`-th change (from 0): that one is cut short, and every later call fails. */
function crashingDisk(crashAt: number): { disk: DiskOps; crashed: () => boolean } {
  let changes = 0;
  let crashed = false;
  const alive = (): void => {
    if (crashed) throw new Crash('the process is gone');
  };
  const change = async (run: () => Promise<void>, halfDone?: () => Promise<void>): Promise<void> => {
    alive();
    if (changes++ < crashAt) return run();
    crashed = true;
    await halfDone?.();
    throw new Crash(`crash at change ${crashAt}`);
  };
  const disk: DiskOps = {
    mkdir: (path, options) => fs.mkdir(path, options),
    readdir: async (path, options) => (alive(), fs.readdir(path, options)),
    readFile: async (path) => (alive(), fs.readFile(path)),
    writeFile: (path, data) =>
      change(
        () => fs.writeFile(path, data),
        () => fs.writeFile(path, data.slice(0, data.length / 2)),
      ),
    rename: (from, to) => change(() => fs.rename(from, to)),
    rm: (path, options) => change(() => fs.rm(path, options)),
  };
  return { disk, crashed: () => crashed };
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(join(tmpdir(), 'pubnub-emulator-crash-'));
});
afterEach(() => fs.rm(dataDir, { recursive: true, force: true }));

const id = randomUUID();
const bystander = version(randomUUID(), patternBytes(300, 1));
const v1 = version(id, patternBytes(1_000, 2));
const v2 = version(id, patternBytes(2_500, 3));

/** What a restarted emulator serves for `id` (size and MD5 as listed, MD5 of the bytes downloaded), or undefined. */
async function restartAndInspect(): Promise<{ size: number; md5: string; bytesMd5: string } | undefined> {
  const store = await FileStore.open(await diskBackend(dataDir));
  const other = await store.readObject(bystander.record.objectKey, NOW);
  expect(other && createHash('md5').update(other.bytes!).digest('hex')).toBe(bystander.record.md5);
  const names = await fs.readdir(join(dataDir, 'files'));
  const stored = store.list('sub', 'ch', NOW);
  expect(
    names.filter((n) => n.endsWith('.bin')),
    'a bytes file for each stored file, no other',
  ).toHaveLength(stored.length);
  expect(
    names.filter((n) => !n.endsWith('.bin') && !n.endsWith('.json')),
    'no temporary files',
  ).toEqual([]);
  const record = store.find('sub', 'ch', id, NOW);
  if (record === undefined) return undefined;
  const bytes = (await store.readObject(record.objectKey, NOW))?.bytes ?? new Uint8Array();
  return { size: record.size, md5: record.md5, bytesMd5: createHash('md5').update(bytes).digest('hex') };
}

const seen = ({ record }: ReturnType<typeof version>) => ({ size: record.size, md5: record.md5, bytesMd5: record.md5 });

const OPERATIONS = [
  {
    name: 'store',
    before: [bystander],
    run: (s: FileStore) => s.save(v2.record, v2.bytes),
    outcomes: [undefined, seen(v2)],
  },
  {
    name: 'replace (an upload form used again)',
    before: [bystander, v1],
    run: (s: FileStore) => s.save(v2.record, v2.bytes),
    outcomes: [seen(v1), seen(v2)],
  },
  { name: 'remove', before: [bystander, v1], run: (s: FileStore) => s.remove(id), outcomes: [seen(v1), undefined] },
];

describe('disk storage after a process crash', () => {
  it.each(OPERATIONS)(
    '$name leaves the old file or the new one at every crash point, and nothing stray',
    async ({ before, run, outcomes }) => {
      for (let crashAt = 0; ; crashAt++) {
        await fs.rm(join(dataDir, 'files'), { recursive: true, force: true });
        const setup = await FileStore.open(await diskBackend(dataDir));
        for (const { record, bytes } of before) await setup.save(record, bytes);

        const { disk, crashed } = crashingDisk(crashAt);
        await run(await FileStore.open(await diskBackend(dataDir, disk))).catch((error: unknown) => {
          if (!(error instanceof Crash)) throw error;
        });
        const after = await restartAndInspect();
        if (!crashed()) {
          expect(after, 'the operation completed').toEqual(outcomes[1]);
          expect(crashAt, 'crash points tried').toBeGreaterThan(1);
          return;
        }
        expect(outcomes, `crash at change ${crashAt}`).toContainEqual(after);
      }
    },
  );

  it('serves a data dir written before bytes files had unique names, and replaces its files cleanly', async () => {
    const dir = join(dataDir, 'files');
    await fs.mkdir(dir);
    await fs.writeFile(join(dir, `${id}.json`), JSON.stringify(v1.record));
    await fs.writeFile(join(dir, `${id}.bin`), v1.bytes);
    const store = await FileStore.open(await diskBackend(dataDir));
    expect(store.find('sub', 'ch', id, NOW)).toEqual(v1.record);
    expect((await store.readObject(v1.record.objectKey, NOW))?.bytes).toEqual(new Uint8Array(v1.bytes));

    await store.save(v2.record, v2.bytes);
    expect((await fs.readdir(dir)).filter((n) => n.endsWith('.bin'))).toEqual([
      expect.stringMatching(new RegExp(`^${id}\\.[0-9a-f-]{36}\\.bin$`)),
    ]);
    expect((await store.readObject(v2.record.objectKey, NOW))?.bytes).toEqual(new Uint8Array(v2.bytes));
  });
});
