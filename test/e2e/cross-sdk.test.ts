// This SDK and the official pubnub@12.0.3 sharing files through the emulator, both directions, plain and in both
// encryption schemes: what one sends (file bytes and file message), the other lists, hears as a file event with the
// message decrypted, downloads and decrypts byte for byte.
import OfficialPubNub from 'pubnub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { CryptoModule, type FileEvent, type PubNubConfig } from '../../src/index.ts';
import { digest, patternBytes, PUB_KEY, startTestEmulator, SUB_KEY } from '../support/emulator-harness.ts';
import { sdkFor } from '../support/sdk-emulator.ts';

const CIPHER_KEY = 'cross-sdk-Schlüssel';
type OfficialConfig = ConstructorParameters<typeof OfficialPubNub>[0];
type OfficialFileEvent = {
  channel: string;
  publisher: string;
  timetoken: string;
  message?: unknown;
  file: { id: string; name: string; url: string };
  error?: string;
};

const MODES: Array<{
  name: string;
  ours: Partial<PubNubConfig>;
  official: Partial<OfficialConfig>;
  stored: 'plain' | 'legacy' | 'PNED';
}> = [
  { name: 'plain', ours: {}, official: {}, stored: 'plain' },
  {
    name: 'cipher key (legacy)',
    ours: { cipherKey: CIPHER_KEY },
    official: { cipherKey: CIPHER_KEY },
    stored: 'legacy',
  },
  {
    name: 'AES-CBC crypto module',
    ours: { cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: CIPHER_KEY }) },
    official: { cryptoModule: OfficialPubNub.CryptoModule.aesCbcCryptoModule({ cipherKey: CIPHER_KEY }) },
    stored: 'PNED',
  },
];

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

/** The official client on the emulator, listening on `channel`; resolves once it reports being connected. */
async function officialOn(mode: (typeof MODES)[number], channel: string) {
  const official = new OfficialPubNub({
    origin: emulator.origin,
    ssl: false,
    publishKey: PUB_KEY,
    subscribeKey: SUB_KEY,
    userId: 'official',
    ...mode.official,
  } as OfficialConfig);
  const events: OfficialFileEvent[] = [];
  let heard = (): void => {};
  const connected = new Promise<void>((resolve) => {
    official.addListener({
      status: (status) => {
        if (status.category === 'PNConnectedCategory') resolve();
      },
      file: (event) => {
        events.push(event as unknown as OfficialFileEvent);
        heard();
      },
    });
  });
  official.subscribe({ channels: [channel] });
  await connected;
  return {
    official,
    nextEvent: async (): Promise<OfficialFileEvent> => {
      while (events.length === 0) await new Promise<void>((resolve) => (heard = resolve));
      return events.shift()!;
    },
    stop: () => {
      official.unsubscribeAll();
      official.destroy();
    },
  };
}

function expectStoredAs(stored: Uint8Array, mode: (typeof MODES)[number], plaintext: Uint8Array): void {
  const header = new TextDecoder().decode(stored.subarray(0, 4));
  if (mode.stored === 'plain') expect(digest(stored)).toBe(digest(plaintext));
  else expect(stored.length).toBe((mode.stored === 'PNED' ? 26 : 16) + (Math.floor(plaintext.length / 16) + 1) * 16);
  expect(header === 'PNED').toBe(mode.stored === 'PNED');
}

describe.each(MODES)('$name', (mode) => {
  it('a file this SDK sends is heard, listed, downloaded and decrypted by the official SDK', async () => {
    const channel = `ours→official ${mode.name} ü/+`;
    const { official, nextEvent, stop } = await officialOn(mode, channel);
    try {
      const ours = sdkFor(emulator, { ...mode.ours, userId: 'ours' });
      const bytes = patternBytes(10_000, 3);
      const sent = await ours.sendFile({
        channel,
        fileName: 'räport #1.bin',
        file: bytes,
        message: { from: 'ours', n: 1 },
      });

      const event = await nextEvent();
      expect(event.error).toBeUndefined();
      expect(event).toMatchObject({
        channel,
        publisher: 'ours',
        timetoken: sent.timestamp,
        message: { from: 'ours', n: 1 },
      });
      expect(event.file).toMatchObject({ id: sent.fileId, name: 'räport #1.bin' });

      const listed = await official.listFiles({ channel });
      expect(listed.data.map((file) => [file.id, file.name])).toContainEqual([sent.fileId, sent.name]);

      const file = await official.downloadFile({ channel, id: sent.fileId, name: sent.name });
      expect(digest(new Uint8Array(await file.toBuffer()))).toBe(digest(bytes));
      const stored = new Uint8Array(await (await fetch(event.file.url)).arrayBuffer());
      expectStoredAs(stored, mode, bytes);

      await official.deleteFile({ channel, id: sent.fileId, name: sent.name });
      expect((await ours.listFiles({ channel })).data.map((f) => f.id)).not.toContain(sent.fileId);
    } finally {
      stop();
    }
  });

  it('a file the official SDK sends is heard, listed, downloaded and decrypted by this SDK', async () => {
    const channel = `official→ours ${mode.name} ü/+`;
    const { official, stop } = await officialOn(mode, channel);
    const ended = new AbortController();
    try {
      const ours = sdkFor(emulator, { ...mode.ours, userId: 'ours' });
      const events = ours.fileEvents([channel], { signal: ended.signal });
      await events.connected;
      const bytes = patternBytes(7_777, 5);
      const sent = await official.sendFile({
        channel,
        file: { data: Buffer.from(bytes), name: 'offiziell ✓.bin', mimeType: 'application/octet-stream' },
        message: { from: 'official' },
      });

      const event: FileEvent = (await events.next()).value!;
      expect(event.error).toBeUndefined();
      expect(event).toMatchObject({
        channel,
        publisher: 'official',
        timetoken: String(sent.timetoken),
        message: { from: 'official' },
      });
      expect(event.file).toMatchObject({ id: sent.id, name: sent.name });

      expect((await ours.listFiles({ channel })).data.map((file) => [file.id, file.name])).toEqual([
        [sent.id, sent.name],
      ]);
      const downloaded = await ours.downloadFile({ channel, fileId: sent.id, fileName: sent.name });
      expect(digest(downloaded.data)).toBe(digest(bytes));
      expectStoredAs(new Uint8Array(await (await fetch(event.file!.url)).arrayBuffer()), mode, bytes);

      // The official SDK's publishFileMessage (message only, no upload) reaches this SDK's iterator as well.
      const again = await official.publishFile({ channel, fileId: sent.id, fileName: sent.name, message: 'once more' });
      expect((await events.next()).value).toMatchObject({ timetoken: String(again.timetoken), message: 'once more' });

      await ours.deleteFile({ channel, fileId: sent.id, fileName: sent.name });
      expect((await official.listFiles({ channel })).data).toEqual([]);
    } finally {
      ended.abort();
      stop();
    }
  });
});
