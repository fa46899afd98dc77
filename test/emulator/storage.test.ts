import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileStore, type StoredFile } from '../../src/emulator/file-store.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { diskBackend, type DiskOps } from '../../src/emulator/storage-backends.ts';
import { digest, emulatorClient, patternBytes, startTestEmulator } from '../support/emulator-harness.ts';

let dataDir: string;
let running: RunningEmulator[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pubnub-emulator-test-'));
});
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
  await rm(dataDir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startTestEmulator>[0] = {}) {
  const emulator = await startTestEmulator({ inMemory: false, dataDir, ...options });
  running.push(emulator);
  return { emulator, client: emulatorClient(emulator) };
}

const NOW = Date.parse('2026-05-01T00:00:00Z');

function storedFile(id: string): StoredFile {
  const file = {
    id,
    subKey: 'sub',
    channel: 'ch',
    name: 'n.txt',
    objectKey: `sub/o/${id}/n.txt`,
    contentType: 'text/plain',
  };
  return { ...file, size: 10, md5: '0123456789abcdef0123456789abcdef', createdMs: NOW, expiresAtMs: NOW + 86_400_000 };
}

// `..` itself is refused at generate-upload-url (no URL can carry it): test/hostile/emulator-holes.test.ts.
const HOSTILE_NAMES = ['../../escape.txt', '/etc/passwd', '%2e%2e%2fx', 'C:\\windows\\x', `${'ü'.repeat(127)}x`];

describe('disk storage', () => {
  it('keeps files and their metadata across a restart', async () => {
    const first = await start();
    const bytes = patternBytes(70_000);
    const { id, name } = await first.client.storeFile('kept', 'survivor.bin', bytes);
    const listedBefore = (await first.client.listFiles('kept')).body.data;
    await first.emulator.close();

    const second = await start();
    expect((await second.client.listFiles('kept')).body.data).toEqual(listedBefore);
    const location = (await second.client.getFile('kept', id, name)).headers.get('location') ?? '';
    const download = await second.client.download(location);
    expect(download.type).toBe('application/octet-stream');
    expect(digest(download.bytes)).toBe(digest(bytes));
    expect((await second.client.deleteFile('kept', id, name)).status).toBe(200);

    await second.emulator.close();
    const third = await start();
    expect((await third.client.listFiles('kept')).body.count).toBe(0);
  });

  it('starts without a file whose metadata is corrupt, naming it on stderr and moving it aside', async () => {
    const first = await start();
    const { id } = await first.client.storeFile('kept', 'good.txt', patternBytes(10));
    await first.emulator.close();
    const dir = join(dataDir, 'files');
    const truncated = join(dir, `${randomUUID()}.json`);
    await writeFile(truncated, '{"bytes":"');
    const [incomplete, bytes] = [randomUUID(), randomUUID()];
    await writeFile(
      join(dir, `${incomplete}.json`),
      JSON.stringify({ bytes: `${incomplete}.${bytes}.bin`, metadata: { id: incomplete } }),
    );
    await writeFile(join(dir, `${incomplete}.${bytes}.bin`), patternBytes(3));

    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const second = await start();
      expect((await second.client.listFiles('kept')).body.data.map((f) => f.id)).toEqual([id]);
      const warnings = stderr.mock.calls.map(([text]) => String(text));
      expect(warnings).toHaveLength(2);
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.stringContaining(`skipped ${truncated}: not valid file metadata`),
          expect.stringContaining(
            `skipped ${join(dir, incomplete)}.json: not valid file metadata (subKey is not a string)`,
          ),
        ]),
      );
      await second.emulator.close();

      stderr.mockClear();
      await start();
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
    }
    const stored = await readdir(dir);
    expect(stored).toEqual(
      expect.arrayContaining([
        `${truncated.slice(dir.length + 1)}.corrupt`,
        `${incomplete}.json.corrupt`,
        `${incomplete}.${bytes}.bin`,
      ]),
    );
    expect(stored).toHaveLength(5);
  });

  it('skips metadata whose id is not the one its file is stored under, moving it aside', async () => {
    const dir = join(dataDir, 'files');
    await mkdir(dir);
    const [storedAs, claimed] = [randomUUID(), randomUUID()];
    await writeFile(join(dir, `${storedAs}.json`), JSON.stringify(storedFile(claimed)));
    await writeFile(join(dir, `${storedAs}.bin`), patternBytes(10));

    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const store = await FileStore.open(await diskBackend(dataDir));
      expect(store.list('sub', 'ch', NOW)).toEqual([]);
      expect(stderr.mock.calls.map(([text]) => String(text))).toEqual([
        expect.stringContaining(
          `skipped ${join(dir, storedAs)}.json: not valid file metadata (id "${claimed}" is not ${storedAs}`,
        ),
      ]);
      stderr.mockClear();
      expect((await FileStore.open(await diskBackend(dataDir))).list('sub', 'ch', NOW)).toEqual([]);
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
    }
    expect((await readdir(dir)).sort()).toEqual([`${storedAs}.bin`, `${storedAs}.json.corrupt`].sort());
  });

  it.each([
    ['a directory named {id}.json', (dir: string) => mkdir(join(dir, `${randomUUID()}.json`))],
    [
      'a dangling symlink named {id}.json',
      (dir: string) => symlink(join(dir, 'nowhere'), join(dir, `${randomUUID()}.json`)),
    ],
    ['a directory named {id}.{unique}.bin', (dir: string) => mkdir(join(dir, `${randomUUID()}.${randomUUID()}.bin`))],
    ['a directory named x.tmp', (dir: string) => mkdir(join(dir, 'x.tmp'))],
  ])('starts with %s in files/, and leaves it alone', async (_, addOddEntry) => {
    const first = await start();
    const { id } = await first.client.storeFile('kept', 'good.txt', patternBytes(10));
    await first.emulator.close();
    const dir = join(dataDir, 'files');
    await addOddEntry(dir);
    const entries = (await readdir(dir)).sort();

    const second = await start();
    expect((await second.client.listFiles('kept')).body.data.map((f) => f.id)).toEqual([id]);
    expect((await readdir(dir)).sort()).toEqual(entries);
  });

  it('starts when a metadata file cannot be read, moved aside or a left-over deleted, with a warning for each', async () => {
    const dir = join(dataDir, 'files');
    const setup = await FileStore.open(await diskBackend(dataDir));
    const good = storedFile(randomUUID());
    await setup.save(good, patternBytes(10));
    const [unreadable, unmovable, leftOver] = [randomUUID(), randomUUID(), `${randomUUID()}.${randomUUID()}.bin`];
    for (const id of [unreadable, unmovable]) await writeFile(join(dir, `${id}.json`), JSON.stringify(storedFile(id)));
    await writeFile(join(dir, leftOver), patternBytes(3));
    const denied = (path: string): Error =>
      Object.assign(new Error(`EACCES: permission denied, '${path}'`), { code: 'EACCES' });
    const disk: DiskOps = {
      mkdir: (path, options) => fs.mkdir(path, options),
      readdir: (path, options) => fs.readdir(path, options),
      readFile: async (path) => {
        if (path.includes(unreadable) || path.includes(unmovable)) throw denied(path);
        return fs.readFile(path);
      },
      writeFile: (path, data) => fs.writeFile(path, data),
      rename: async (from, to) => {
        if (from.includes(unmovable)) throw denied(from);
        return fs.rename(from, to);
      },
      rm: async (path, options) => {
        if (path.endsWith(leftOver)) throw denied(path);
        return fs.rm(path, options);
      },
    };

    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const store = await FileStore.open(await diskBackend(dataDir, disk));
      expect(store.list('sub', 'ch', NOW).map((f) => f.id)).toEqual([good.id]);
      const warnings = stderr.mock.calls.map(([text]) => String(text));
      expect(warnings).toHaveLength(3);
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.stringContaining(`skipped ${join(dir, unreadable)}.json: not valid file metadata (EACCES`),
          expect.stringContaining(`moved it to ${join(dir, unreadable)}.json.corrupt`),
          expect.stringContaining(`skipped ${join(dir, unmovable)}.json: not valid file metadata (EACCES`),
          expect.stringContaining(`could not move it aside either (EACCES`),
          expect.stringContaining(`could not delete the left-over ${join(dir, leftOver)} (EACCES`),
        ]),
      );
    } finally {
      stderr.mockRestore();
    }
    expect(await readdir(dir)).toEqual(
      expect.arrayContaining([`${unreadable}.json.corrupt`, `${unmovable}.json`, leftOver]),
    );
  });

  it('stores by emulator-generated id only: no client name reaches the file system', async () => {
    const { client } = await start();
    for (const name of HOSTILE_NAMES) {
      const { name: stored } = await client.storeFile('hostile', name, patternBytes(8));
      expect(stored).toBe(name);
    }
    expect((await client.listFiles('hostile')).body.data.map((f) => f.name).sort()).toEqual([...HOSTILE_NAMES].sort());
    expect((await readdir(dataDir)).sort()).toEqual(['files', 'signing-secret']);
    const stored = await readdir(join(dataDir, 'files'));
    expect(stored).toHaveLength(HOSTILE_NAMES.length * 2);
    const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
    for (const entry of stored) expect(entry).toMatch(new RegExp(`^${uuid}(\\.${uuid}\\.bin|\\.json)$`));
  });

  it('expires files after fileTtlMs, on disk too', async () => {
    let clock = Date.parse('2026-03-01T00:00:00Z');
    const { client } = await start({ now: () => clock, fileTtlMs: 3_600_000 });
    const { id, name } = await client.storeFile('ttl', 'short-lived.txt', patternBytes(4));
    const location = (await client.getFile('ttl', id, name)).headers.get('location') ?? '';

    clock += 3_599_000;
    expect((await client.listFiles('ttl')).body.count).toBe(1);
    clock += 1_000;
    expect((await client.listFiles('ttl')).body.count).toBe(0);
    expect((await client.getFile('ttl', id, name)).status).toBe(404);
    expect((await client.download(location)).status).toBe(404);
    expect(await readdir(join(dataDir, 'files'))).toEqual([]);
  });

  it('tags uploads with the lifetime in days, like the real bucket policy', async () => {
    const { client } = await start({ fileTtlMs: 7 * 86_400_000 });
    const { body } = await client.generateUploadUrl('ttl', 'week.txt');
    const tagging = body.file_upload_request.form_fields.find((f) => f.key === 'tagging')?.value;
    expect(tagging).toBe('<Tagging><TagSet><Tag><Key>ObjectTTLInDays</Key><Value>7</Value></Tag></TagSet></Tagging>');
  });
});
