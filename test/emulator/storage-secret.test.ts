// The signing secret of storage URLs: kept in the data dir (owner-only), so download URLs from before a restart
// still work after it; in memory each emulator has its own.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { dataDirSecret, SECRET_FILE } from '../../src/emulator/storage-secret.ts';
import { digest, emulatorClient, patternBytes, startTestEmulator } from '../support/emulator-harness.ts';

let dataDir: string;
let running: RunningEmulator[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pubnub-emulator-secret-'));
});
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
  await rm(dataDir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startTestEmulator>[0] = { inMemory: false, dataDir }) {
  const emulator = await startTestEmulator(options);
  running.push(emulator);
  return { emulator, client: emulatorClient(emulator) };
}

describe('with a data dir', () => {
  it('a download URL handed out before a restart works after it', async () => {
    const first = await start();
    const bytes = patternBytes(5_000);
    const { id, name } = await first.client.storeFile('kept', 'map.png', bytes);
    const location = (await first.client.getFile('kept', id, name)).headers.get('location')!;
    await first.emulator.close();

    // Same port, so the URLs handed out (which name the host) still point at it.
    const port = Number(new URL(first.emulator.url).port);
    const second = await start({ inMemory: false, dataDir, port });
    const download = await second.client.download(location);
    expect(download.status).toBe(200);
    expect(digest(download.bytes)).toBe(digest(bytes));
  });

  it('is kept readable by its owner only', async () => {
    await start();
    const info = await stat(join(dataDir, SECRET_FILE));
    expect(info.size).toBe(32);
    if (process.platform !== 'win32') expect(info.mode & 0o777).toBe(0o600);
  });

  it('tightens the permissions of a secret file that is readable by others', async () => {
    const secret = await dataDirSecret(dataDir);
    const path = join(dataDir, SECRET_FILE);
    await writeFile(path, secret, { mode: 0o644 });
    expect(await dataDirSecret(dataDir)).toEqual(secret);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('emulators starting together on one data dir agree on one secret', async () => {
    const secrets = await Promise.all(Array.from({ length: 8 }, () => dataDirSecret(dataDir)));
    for (const secret of secrets) expect(secret).toEqual(secrets[0]);
    expect(new Uint8Array(await readFile(join(dataDir, SECRET_FILE)))).toEqual(secrets[0]);
  });

  it('replaces a secret file of the wrong size, with a warning that does not show it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await writeFile(join(dataDir, SECRET_FILE), 'short');
    const secret = await dataDirSecret(dataDir);
    expect(secret).toHaveLength(32);
    expect(new Uint8Array(await readFile(join(dataDir, SECRET_FILE)))).toEqual(secret);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('is not a 32-byte secret');
    warn.mockRestore();
  });
});

describe('in memory', () => {
  it('a download URL of one emulator is refused by another (each has its own secret)', async () => {
    const one = await start({ inMemory: true });
    const { id, name } = await one.client.storeFile('c', 'a.txt', patternBytes(10));
    const location = new URL((await one.client.getFile('c', id, name)).headers.get('location')!);
    const other = await start({ inMemory: true });
    const moved = `${other.emulator.url}${location.pathname}${location.search}`;
    const refused = await other.client.download(moved);
    expect(refused.status).toBe(403);
  });
});
