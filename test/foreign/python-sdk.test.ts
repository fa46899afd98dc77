// The official Python asyncio SDK (PyPI pubnub, pinned in test/foreign/requirements.txt), unmodified, against the
// emulator: every example of its File Sharing documentation, then files and file messages shared both ways with this
// SDK in both encryption schemes. The Python side is test/foreign/python/pubnub_sdk.py; it reports JSON lines.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { CryptoModule, PubNub, type PubNubConfig } from '../../src/index.ts';
import { patternBytes, startTestEmulator } from '../support/emulator-harness.ts';
import { requireForeignSetup, runReporting, VENV_PYTHON } from './support.ts';

const SCRIPT = 'test/foreign/python/pubnub_sdk.py';
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let emulator: RunningEmulator;
let dir: string;
beforeAll(async () => {
  requireForeignSetup();
  emulator = await startTestEmulator({ subscribeHoldMs: 60_000 });
  dir = mkdtempSync(join(tmpdir(), 'pubnub-foreign-'));
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

function python(...args: string[]) {
  // -W ignore: the SDK warns that a per-call cipher_key is deprecated; the documentation still shows it.
  return runReporting(VENV_PYTHON, ['-W', 'ignore', SCRIPT, ...args]);
}

function writeTemp(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The stored bytes behind a file URL (the API URL, whose 307 fetch follows). */
async function storedBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  expect(response.status, `${url}: ${response.status === 200 ? '' : await response.clone().text()}`).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

describe('the Python SDK documentation examples', () => {
  it('send_file with cipher_key, a listener, list_files, get_file_url, download_file, publish_file_message, delete_file', async () => {
    const channel = 'test_channel';
    const bytes = patternBytes(5_000, 11);
    const run = python('docs', emulator.origin, channel, writeTemp('knights_of_ni.jpg', bytes));

    const sent = await run.next('send_file');
    expect(sent).toMatchObject({
      name: 'knights_of_ni.jpg',
      file_id: expect.any(String),
      timestamp: expect.stringMatching(/^\d{17}$/),
    });

    // The listener has the same cipher key: it hears the encrypted file message decrypted.
    const event = await run.next('file_event');
    expect(event).toMatchObject({
      channel,
      publisher: 'docs-sender',
      timetoken: sent['timestamp'],
      message: { test_message: 'test' },
      file_id: sent['file_id'],
      file_name: 'knights_of_ni.jpg',
    });
    // Encrypted with the legacy cipher (no PNED header): 16 bytes of IV, then the padded ciphertext.
    const stored = await storedBytes(event['file_url']);
    expect(stored.length).toBe(16 + (Math.floor(bytes.length / 16) + 1) * 16);
    expect(new TextDecoder().decode(stored.subarray(0, 4))).not.toBe('PNED');

    const listed = await run.next('list_files');
    expect(listed).toMatchObject({
      count: 1,
      next: null,
      data: [{ id: sent['file_id'], name: 'knights_of_ni.jpg', size: stored.length }],
    });

    const located = await run.next('get_file_url');
    expect(located['file_url']).toMatch(/\/knights_of_ni\.jpg\?X-Amz-Algorithm=AWS4-HMAC-SHA256&/);
    expect(sha256(await storedBytes(located['file_url']))).toBe(sha256(stored));

    expect(await run.next('download_file')).toMatchObject({ sha256: sha256(bytes) });

    const republished = await run.next('publish_file_message');
    expect(republished['timestamp']).toMatch(/^\d{17}$/);
    expect(await run.next('file_event')).toMatchObject({
      timetoken: republished['timestamp'],
      message: { test_message: 'test' },
      file_id: sent['file_id'],
      user_metadata: { test: 'test' },
    });

    expect(await run.next('delete_file')).toMatchObject({ status: 200 });
    expect(await run.next('list_files')).toMatchObject({ count: 0, data: [] });
    await run.done;
  });
});

const KEY = 'interop-Schlüssel';
const MODES: Array<{ mode: 'legacy' | 'aes-cbc'; ours: () => Partial<PubNubConfig>; header: boolean }> = [
  { mode: 'legacy', ours: () => ({ cipherKey: KEY }), header: false },
  {
    mode: 'aes-cbc',
    ours: () => ({ cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: KEY }) }),
    header: true,
  },
];

function ours(options: Partial<PubNubConfig>): PubNub {
  return new PubNub({
    origin: emulator.origin,
    ssl: false,
    publishKey: 'pub-c-python',
    subscribeKey: 'sub-c-python',
    userId: 'ours',
    ...options,
  });
}

describe.each(MODES)('interop with the Python SDK, $mode', ({ mode, ours: config, header }) => {
  it('a file and its message encrypted by this SDK open in the Python SDK', async () => {
    const channel = `ours→python ${mode} ü/+`;
    const run = python('receive', emulator.origin, channel, mode, KEY);
    await run.next('ready');
    const bytes = patternBytes(9_000, 5);
    const sdk = ours(config());
    // No `#` in the name: pubnub 10.8.0 puts file names into its URLs unencoded, and `#` would cut them short.
    const sent = await sdk.sendFile({
      channel,
      fileName: 'räport (1).bin',
      file: bytes,
      message: { from: 'ours', n: 1 },
    });

    const event = await run.next('file_event');
    expect(event).toMatchObject({
      channel,
      publisher: 'ours',
      timetoken: sent.timestamp,
      message: { from: 'ours', n: 1 },
      file_id: sent.fileId,
      file_name: sent.name,
    });
    expect(new TextDecoder().decode((await storedBytes(event['file_url'])).subarray(0, 4)) === 'PNED').toBe(header);
    expect(await run.next('download_file')).toMatchObject({ sha256: sha256(bytes) });
    await run.done;
  });

  it('a file and its message encrypted by the Python SDK open in this SDK', async () => {
    const channel = `python→ours ${mode} ü/+`;
    const sdk = ours(config());
    const ended = new AbortController();
    try {
      const events = sdk.fileEvents([channel], { signal: ended.signal });
      await events.connected;
      const bytes = patternBytes(7_777, 3);
      const run = python('send', emulator.origin, channel, mode, KEY, writeTemp(`python-${mode}.bin`, bytes));
      const sent = await run.next('send_file');
      await run.done;

      const event = (await events.next()).value!;
      expect(event.error).toBeUndefined();
      expect(event).toMatchObject({
        channel,
        publisher: 'python-sender',
        timetoken: sent['timestamp'],
        message: { from: 'python' },
      });
      expect(event.file).toMatchObject({ id: sent['file_id'], name: 'from python ✓.bin' });
      expect(new TextDecoder().decode((await storedBytes(event.file!.url)).subarray(0, 4)) === 'PNED').toBe(header);

      const downloaded = await sdk.downloadFile({ channel, fileId: sent['file_id'], fileName: sent['name'] });
      expect(sha256(downloaded.data)).toBe(sha256(bytes));
    } finally {
      ended.abort();
    }
  });
});
