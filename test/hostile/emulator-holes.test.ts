// The holes a red-team pass found in the emulator (issue 11, items 6 to 9, and its unbounded timeouts and forms), each
// kept closed by a test that fails without its fix.
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileStore, MAX_PENDING_UPLOADS } from '../../src/emulator/file-store.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { memoryBackend } from '../../src/emulator/storage-backends.ts';
import { emulatorClient, enc, patternBytes, startTestEmulator, SUB_KEY } from '../support/emulator-harness.ts';
import { client, expectTypedError, rejection } from './support.ts';
import { rawExchange, rawRequest } from './raw-http.ts';

let dataDir: string;
let running: RunningEmulator[] = [];
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pubnub-hostile-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(running.map((e) => e.close()));
  running = [];
  await rm(dataDir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startTestEmulator>[0] = {}) {
  const emulator = await startTestEmulator({ inMemory: false, dataDir, ...options });
  running.push(emulator);
  return { emulator, api: emulatorClient(emulator) };
}

async function restart(emulator: RunningEmulator) {
  await emulator.close();
  running = running.filter((e) => e !== emulator);
  const stderr: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((text) => (stderr.push(String(text)), true));
  const again = await start();
  vi.restoreAllMocks();
  return { ...again, stderr };
}

const generatePath = (subKey: string, channel: string) =>
  `/v1/files/${subKey}/channels/${channel}/generate-upload-url?uuid=u&pnsdk=${enc('Raw/1.0')}`;

describe('hole 6: names the emulator could store but never serve are refused', () => {
  it.each<[string, string, string, string]>([
    ['file name "."', SUB_KEY, 'room', '"."'],
    ['file name ".."', SUB_KEY, 'room', '".."'],
    ['file name with an unpaired surrogate', SUB_KEY, 'room', '"a\\ud800.txt"'],
    ['sub key ".."', '..', 'room', '"a.txt"'],
    ['sub key "."', '.', 'room', '"a.txt"'],
    ['channel ".."', SUB_KEY, '..', '"a.txt"'],
  ])('%s: 400 with the files error body, nothing reserved', async (_, subKey, channel, name) => {
    const { emulator, api } = await start({ inMemory: true });
    const answer = await rawRequest(emulator.origin, 'POST', generatePath(subKey, channel), `{"name":${name}}`, {
      'Content-Type': 'application/json',
    });
    expect(answer.statuses).toEqual([400]);
    expect(answer.bodies[0]).toMatchObject({ status: 400, error: { source: 'files', code: 400 } });
    expect((await api.listFiles('room')).body.count).toBe(0);
  });
});

describe('hole 7: a metadata record with values the emulator cannot use is set aside at start-up', () => {
  it.each<[string, Record<string, unknown>]>([
    ['createdMs 1e300', { createdMs: 1e300 }],
    ['createdMs negative', { createdMs: -1 }],
    ['createdMs fractional', { createdMs: 1.5 }],
    ['expiresAtMs 1e300', { expiresAtMs: 1e300 }],
    ['size negative', { size: -3 }],
    ['md5 not hex', { md5: 'not-an-md5' }],
    ['contentType with a newline', { contentType: 'text/plain\r\nX-Evil: 1' }],
    ['contentType beyond Latin-1', { contentType: 'text/€' }],
    ['name ".."', { name: '..' }],
    ['objectKey of another file', { objectKey: 'other/o/x/y.txt' }],
  ])('%s: the channel still lists its other files', async (_, change) => {
    const { emulator, api } = await start();
    const bad = await api.storeFile('room', 'bad.txt', patternBytes(10));
    const good = await api.storeFile('room', 'good.txt', patternBytes(20));
    const metadataPath = join(dataDir, 'files', `${bad.id}.json`);
    const entry = JSON.parse(await readFile(metadataPath, 'utf8')) as { metadata: Record<string, unknown> };
    await writeFile(metadataPath, JSON.stringify({ ...entry, metadata: { ...entry.metadata, ...change } }));

    const again = await restart(emulator);
    const listed = await again.api.listFiles('room');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((f) => f.id)).toEqual([good.id]);
    expect(again.stderr.join('')).toContain(`${bad.id}.json`);
    expect(await readdir(join(dataDir, 'files'))).toContain(`${bad.id}.json.corrupt`);
  });
});

describe('hole 8: stored bytes changed on disk are never served as the file', () => {
  it.each<[string, (path: string) => Promise<void>]>([
    ['cut short', (path) => truncate(path, 5)],
    [
      'one byte changed, same size',
      async (path) => {
        const bytes = await readFile(path);
        bytes[3] = bytes[3]! ^ 0xff;
        await writeFile(path, bytes);
      },
    ],
    ['grown', async (path) => writeFile(path, Buffer.concat([await readFile(path), Buffer.from('extra')]))],
  ])(
    '%s: the download is a typed error, not wrong bytes; a size change is reported at start-up',
    async (what, damage) => {
      const { emulator, api } = await start();
      const stored = await api.storeFile('room', 'victim.bin', patternBytes(1000));
      const binary = (await readdir(join(dataDir, 'files'))).find((n) => n.endsWith('.bin'))!;
      await damage(join(dataDir, 'files', binary));

      const again = await restart(emulator);
      if (what !== 'one byte changed, same size')
        expect(again.stderr.join('')).toMatch(new RegExp(`file ${stored.id} .* is damaged`));
      const pubnub = client({ origin: again.emulator.origin, ssl: false, subscribeKey: SUB_KEY });
      const error = expectTypedError(
        await rejection(pubnub.downloadFile({ channel: 'room', fileId: stored.id, fileName: stored.name })),
      );
      expect(error.status).toMatchObject({
        category: 'PNServerErrorCategory',
        statusCode: 500,
        errorData: { code: 'InternalError' },
      });
      // Still listed, and deletable.
      expect((await again.api.listFiles('room')).body.count).toBe(1);
      expect((await again.api.deleteFile('room', stored.id, stored.name)).status).toBe(200);
    },
  );
});

describe('hole 9: Node-level refusals carry the service error body', () => {
  it.each<[string, number[], Array<string | Uint8Array>]>([
    ['a request line over 64 KiB', [431], [`GET /${'a'.repeat(70 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`]],
    ['headers over 64 KiB', [431], [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(70 * 1024)}\r\n\r\n`]],
    ['bytes that are not HTTP', [400], [new Uint8Array([0, 1, 2, 0xff, 13, 10, 13, 10])]],
    ['a bad HTTP version', [400], ['GET / HTTP/9.9\r\nHost: x\r\n\r\n']],
    ['a header without a colon', [400], ['GET / HTTP/1.1\r\nHost x\r\n\r\n']],
    [
      'two Content-Lengths that disagree',
      [400],
      ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
    ],
    // The request line and headers are good, so the route answers first (404); the bad chunk is found reading on.
    [
      'a bad chunk size',
      [404, 400],
      ['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n'],
    ],
  ])('%s: answered %j, each with a JSON files error body', async (_, statuses, chunks) => {
    const { emulator, api } = await start({ inMemory: true });
    const answer = await rawExchange(emulator.origin, chunks);
    expect(answer.statuses).toEqual(statuses);
    expect(answer.bodies).toEqual(
      statuses.map((status) => ({ status, error: { source: 'files', message: expect.any(String), code: status } })),
    );
    expect((await api.listFiles('room')).status).toBe(200);
  });

  it('bytes left over after a short Content-Length: the first request is answered, then a 400 with a body', async () => {
    const { emulator } = await start({ inMemory: true });
    const answer = await rawExchange(emulator.origin, [
      `GET /v1/files/${SUB_KEY}/channels/room/files?uuid=u HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab{"these":"bytes are not a request"}\r\n\r\n`,
    ]);
    expect(answer.statuses).toEqual([200, 400]);
    expect(answer.bodies[1]).toMatchObject({ status: 400, error: { source: 'files' } });
  });
});

describe('the emulator bounds slow requests and unused upload forms', () => {
  it('a stalled body is refused with 408 and its body, and the emulator keeps serving', async () => {
    const { emulator, api } = await start({ inMemory: true, requestTimeoutMs: 400 });
    const answer = await rawExchange(emulator.origin, [
      `POST /v1/files/${SUB_KEY}/channels/room/generate-upload-url?uuid=u HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na`,
    ]);
    expect(answer.statuses).toEqual([408]);
    expect(answer.bodies[0]).toMatchObject({ status: 408, error: { source: 'files', code: 408 } });
    expect(answer.closed).toBe(true);
    expect((await api.listFiles('room')).status).toBe(200);
  });

  it('a stalled upload body is refused with S3 RequestTimeout XML', async () => {
    const { emulator, api } = await start({ inMemory: true, requestTimeoutMs: 400 });
    const answer = await rawExchange(emulator.origin, [
      'POST /storage/ HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 5000\r\n\r\n--b\r\n',
    ]);
    expect(answer.statuses).toEqual([400]);
    expect(answer.text).toContain('<Code>RequestTimeout</Code>');
    expect(answer.closed).toBe(true);
    expect((await api.listFiles('room')).status).toBe(200);
  });

  it('headers that never end are refused the same way', async () => {
    const { emulator } = await start({ inMemory: true, requestTimeoutMs: 400 });
    const answer = await rawExchange(emulator.origin, ['GET / HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n']);
    expect(answer.statuses).toEqual([408]);
    expect(answer.closed).toBe(true);
  });

  it('keeps at most MAX_PENDING_UPLOADS forms under a flood, dropping the oldest', async () => {
    const store = await FileStore.open(memoryBackend());
    const now = Date.parse('2026-05-01T00:00:00Z');
    const form = (n: number) => ({
      id: `id-${n}`,
      subKey: 's',
      channel: 'c',
      name: 'n',
      objectKey: `s/o/id-${n}/n`,
      expiresAtMs: now + 60_000,
    });
    for (let n = 0; n < MAX_PENDING_UPLOADS + 500; n++) store.reserve(form(n), now);
    expect(store.pendingUploads).toBe(MAX_PENDING_UPLOADS);
    expect(store.pendingUpload('s/o/id-0/n', now)).toBeUndefined();
    expect(store.pendingUpload(`s/o/id-${MAX_PENDING_UPLOADS + 499}/n`, now)).toBeDefined();
  });

  it('drops forms that expired unused when the next one is handed out', async () => {
    const store = await FileStore.open(memoryBackend());
    const now = Date.parse('2026-05-01T00:00:00Z');
    for (let n = 0; n < 100; n++)
      store.reserve(
        { id: `${n}`, subKey: 's', channel: 'c', name: 'n', objectKey: `k${n}`, expiresAtMs: now + 60_000 },
        now,
      );
    store.reserve(
      { id: 'late', subKey: 's', channel: 'c', name: 'n', objectKey: 'late', expiresAtMs: now + 120_001 },
      now + 60_001,
    );
    expect(store.pendingUploads).toBe(1);
  });
});
