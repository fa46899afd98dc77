// Corrupt data dirs, as hand edits, copies, full disks and other tools leave them. What must hold: the emulator starts
// (or, when the dir itself is unusable, says why), keeps every intact file servable byte for byte, and names what it
// skipped on stderr.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { digest, emulatorClient, patternBytes } from '../support/emulator-harness.ts';

let dataDir: string;
let files: string;
let intact: { id: string; name: string };
let damaged: { id: string; name: string };
const INTACT = patternBytes(1500, 5);

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pubnub-datadir-'));
  files = join(dataDir, 'files');
  const first = await startEmulator({ dataDir });
  const api = emulatorClient(first);
  intact = await api.storeFile('room', 'intact.bin', INTACT);
  damaged = await api.storeFile('room', 'damaged.bin', patternBytes(700, 6));
  await first.close();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await chmod(files, 0o755).catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
});

const metadataOf = (id: string) => join(files, `${id}.json`);
async function bytesFileOf(id: string): Promise<string> {
  return join(
    files,
    (await readdir(files)).find((n) => n.startsWith(id) && n.endsWith('.bin'))!,
  );
}

const corruptions: Array<[string, () => Promise<void>]> = [
  ['metadata that is not JSON', () => writeFile(metadataOf(damaged.id), '{"bytes":')],
  ['metadata that is an empty file', () => writeFile(metadataOf(damaged.id), '')],
  ['metadata that is a JSON array', () => writeFile(metadataOf(damaged.id), '[1,2]')],
  ['metadata that is JSON null', () => writeFile(metadataOf(damaged.id), 'null')],
  [
    "metadata pointing at the other file's bytes",
    async () => {
      const entry = JSON.parse(await readFile(metadataOf(damaged.id), 'utf8')) as { bytes: string };
      await writeFile(
        metadataOf(damaged.id),
        JSON.stringify({ ...entry, bytes: (await bytesFileOf(intact.id)).split('/').pop() }),
      );
    },
  ],
  [
    'metadata pointing outside the dir',
    async () => {
      const entry = JSON.parse(await readFile(metadataOf(damaged.id), 'utf8')) as { bytes: string };
      await writeFile(metadataOf(damaged.id), JSON.stringify({ ...entry, bytes: '../../../etc/passwd' }));
    },
  ],
  ['metadata 5 MB of garbage', () => writeFile(metadataOf(damaged.id), Buffer.alloc(5_000_000, 0x7b))],
  ['the bytes file missing', async () => rm(await bytesFileOf(damaged.id))],
  [
    'the bytes file replaced by a directory',
    async () => {
      const path = await bytesFileOf(damaged.id);
      await rm(path);
      await mkdir(path);
    },
  ],
  [
    'the metadata replaced by a directory',
    async () => {
      await rm(metadataOf(damaged.id));
      await mkdir(metadataOf(damaged.id));
    },
  ],
  [
    "the metadata a symlink to another file's",
    async () => {
      await rm(metadataOf(damaged.id));
      await symlink(metadataOf(intact.id), metadataOf(damaged.id));
    },
  ],
  [
    'left-over temporary files and stray bytes',
    async () => {
      await writeFile(join(files, `${damaged.id}.json.0b7f5a4e-0000-4000-8000-000000000000.tmp`), 'half');
      await writeFile(join(files, `${damaged.id}.11111111-2222-4333-8444-555555555555.bin`), 'stray');
    },
  ],
  [
    'files the emulator does not own',
    async () => {
      await writeFile(join(files, 'README.txt'), 'notes');
      await writeFile(join(files, 'not-a-uuid.json'), '{}');
    },
  ],
];

describe('a corrupt data dir', () => {
  it.each(corruptions)('%s: starts, serves the intact file, answers for the damaged one', async (_, corrupt) => {
    await corrupt();
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => (stderr.push(String(text)), true));
    let emulator: RunningEmulator | undefined;
    try {
      emulator = await startEmulator({ dataDir });
      vi.restoreAllMocks();
      const api = emulatorClient(emulator);
      const listed = await api.listFiles('room');
      expect(listed.status).toBe(200);
      const location = (await api.getFile('room', intact.id, intact.name)).headers.get('location') ?? '';
      expect(digest((await api.download(location)).bytes)).toBe(digest(INTACT));
      // The damaged file is gone from the list, or listed and answered with an error rather than wrong bytes.
      if (listed.body.data.some((f) => f.id === damaged.id)) {
        const got = await api.download(
          (await api.getFile('room', damaged.id, damaged.name)).headers.get('location') ?? '',
        );
        if (got.status === 200) expect(digest(got.bytes)).toBe(digest(patternBytes(700, 6)));
        else expect(got.text).toMatch(/<Error><Code>(InternalError|NoSuchKey)<\/Code>/);
      }
    } finally {
      vi.restoreAllMocks();
      await emulator?.close();
    }
  });

  // Root reads any dir whatever its mode, so there is nothing to refuse when the tests run as root.
  it.skipIf(process.getuid?.() === 0)(
    'a files dir it cannot read: start-up fails with the reason, not a hang',
    async () => {
      await chmod(files, 0o000);
      await expect(startEmulator({ dataDir })).rejects.toThrow(/EACCES/);
    },
  );

  it('a data dir that is a file: start-up fails with the reason', async () => {
    const file = join(dataDir, 'plain-file');
    await writeFile(file, 'x');
    await expect(startEmulator({ dataDir: file })).rejects.toThrow(/ENOTDIR|EEXIST/);
  });
});
