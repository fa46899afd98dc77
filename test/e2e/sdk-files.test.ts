// This SDK doing every file operation against a real emulator on a free port: tricky names and channels, plain and
// encrypted every way the SDK offers (cipherKey, AES-CBC module, per-call cipherKey), each flow also watched by a
// subscriber, so the file event of each send and publish is checked with the same names and keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { CryptoModule, type PubNub, type PubNubConfig } from '../../src/index.ts';
import { digest, patternBytes, PUB_KEY, startTestEmulator, TRICKY_NAMES } from '../support/emulator-harness.ts';
import { sdkFor } from '../support/sdk-emulator.ts';

const TRICKY_CHANNELS = ['room with space', 'kanał/ü+1', 'a%2Fb#c?d=e'];

const KEY = 'emulator-e2e-Schlüssel';
const OTHER_KEY = 'a per-call key';

interface Mode {
  name: string;
  config: Partial<PubNubConfig>;
  /** Passed to sendFile and downloadFile. */
  callKey?: string;
  /** How the stored bytes look: plaintext, legacy (IV || ciphertext) or the PNED header. */
  stored: 'plain' | 'legacy' | 'aes-cbc';
  /** A module that reads what this mode stores, to check the stored bytes independently of downloadFile. */
  reader?: CryptoModule;
  /** The subscriber's crypto config. */
  receiver: Partial<PubNubConfig>;
}

const MODES: Mode[] = [
  { name: 'plain', config: {}, stored: 'plain', receiver: {} },
  {
    name: 'cipherKey (legacy module)',
    config: { cipherKey: KEY },
    stored: 'legacy',
    reader: CryptoModule.legacyCryptoModule({ cipherKey: KEY }),
    receiver: { cipherKey: KEY },
  },
  {
    name: 'AES-CBC crypto module',
    config: { cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: KEY }) },
    stored: 'aes-cbc',
    reader: CryptoModule.aesCbcCryptoModule({ cipherKey: KEY }),
    // A cipher key alone reads the header format too (docs/protocol.md A4).
    receiver: { cipherKey: KEY },
  },
  {
    name: 'per-call cipherKey',
    config: { cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: KEY }) },
    callKey: OTHER_KEY,
    stored: 'legacy',
    reader: CryptoModule.legacyCryptoModule({ cipherKey: OTHER_KEY }),
    receiver: { cipherKey: OTHER_KEY },
  },
];

function storedSize(mode: Mode, size: number): number {
  const padded = (Math.floor(size / 16) + 1) * 16;
  return mode.stored === 'plain' ? size : mode.stored === 'legacy' ? 16 + padded : 26 + padded;
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

const CASES = [
  ...TRICKY_NAMES.map((fileName) => ({ channel: 'files-e2e', fileName })),
  ...TRICKY_CHANNELS.map((channel) => ({ channel, fileName: 'report.txt' })),
];

describe.each(MODES)('$name', (mode) => {
  it.each(CASES)(
    'send → event → list → URL → download → publish again → delete: $channel / $fileName',
    async ({ channel, fileName }) => {
      const sender = sdkFor(emulator, { ...mode.config, userId: 'sender' });
      const receiver = sdkFor(emulator, { ...mode.receiver, userId: 'receiver' });
      const callKey = mode.callKey === undefined ? {} : { cipherKey: mode.callKey };
      const stop = new AbortController();
      const events = receiver.fileEvents([channel], { signal: stop.signal });
      await events.connected;
      const bytes = patternBytes(1000 + fileName.length);

      const sent = await sender.sendFile({
        channel,
        fileName,
        file: bytes,
        message: { caption: fileName },
        ...callKey,
      });
      expect(sent.name).toBe(fileName);
      expect(sent.timestamp).toMatch(/^\d{17}$/);

      const first = (await events.next()).value!;
      expect(first.error).toBeUndefined();
      expect(first).toMatchObject({ channel, subscription: channel, timetoken: sent.timestamp, publisher: 'sender' });
      expect(first.message).toEqual({ caption: fileName });
      expect(first.file).toMatchObject({ id: sent.fileId, name: fileName });

      const listed = await sender.listFiles({ channel });
      const info = listed.data.find((file) => file.id === sent.fileId);
      expect(info).toMatchObject({ name: fileName, size: storedSize(mode, bytes.length) });

      // The URL from getFileUrl and the one in the event both lead to the stored bytes.
      const { fileUrl } = await sender.getFileUrl({ channel, fileId: sent.fileId, fileName });
      const stored = new Uint8Array(await (await fetch(fileUrl)).arrayBuffer());
      const viaEvent = new Uint8Array(await (await fetch(first.file!.url)).arrayBuffer());
      expect(digest(viaEvent)).toBe(digest(stored));
      expect(stored.length).toBe(storedSize(mode, bytes.length));
      if (mode.reader === undefined) expect(digest(stored)).toBe(digest(bytes));
      else expect(digest(await mode.reader.decryptFile(stored))).toBe(digest(bytes));
      expect(new TextDecoder().decode(stored.subarray(0, 4)) === 'PNED').toBe(mode.stored === 'aes-cbc');

      const downloaded = await receiver.downloadFile({ channel, fileId: sent.fileId, fileName, ...callKey });
      expect(downloaded.name).toBe(fileName);
      expect(digest(downloaded.data)).toBe(digest(bytes));

      // publishFileMessage encrypts with the configured module: a per-call key does not apply to it.
      const again = await sender.publishFileMessage({ channel, fileId: sent.fileId, fileName, message: 0 });
      const second = (await events.next()).value!;
      expect(second.timetoken).toBe(again.timestamp);
      if (mode.callKey === undefined) {
        expect(second.error).toBeUndefined();
        expect(second.message).toBe(0);
        expect(second.file).toMatchObject({ id: sent.fileId, name: fileName });
      } else {
        expect(second.error?.status.category).toBe('PNDecryptionErrorCategory');
      }

      await sender.deleteFile({ channel, fileId: sent.fileId, fileName });
      expect((await sender.listFiles({ channel })).data.map((file) => file.id)).not.toContain(sent.fileId);
      const gone = await receiver
        .downloadFile({ channel, fileId: sent.fileId, fileName, ...callKey })
        .catch((e: unknown) => e);
      expect(gone).toMatchObject({ status: { category: 'PNNotFoundCategory', statusCode: 404 } });
      stop.abort();
      expect(await events.next()).toEqual({ done: true, value: undefined });
    },
  );
});

describe('builder form', () => {
  it('runs the same flow through the builders', async () => {
    const pubnub = sdkFor(emulator, { cipherKey: KEY });
    const channel = 'builder ch/ü';
    const bytes = patternBytes(333);
    const sent = await pubnub.sendFile().channel(channel).fileName('b?#.bin').fileObject(bytes).message('hi').result();
    const listed = await pubnub.listFiles().channel(channel).limit(10).future();
    expect(listed.status.error).toBe(false);
    expect(listed.result?.data.map((file) => file.id)).toEqual([sent.fileId]);
    const downloaded = await pubnub.downloadFile().channel(channel).fileId(sent.fileId).fileName(sent.name).result();
    expect(digest(downloaded.data)).toBe(digest(bytes));
    const deleted = await pubnub.deleteFile().channel(channel).fileId(sent.fileId).fileName(sent.name).future();
    expect(deleted.status).toMatchObject({ error: false, operation: 'PNDeleteFileOperation' });
  });
});

describe('an emulator with a secret key', () => {
  const SECRET = 'sec-c-emulator-e2e';
  let signing: RunningEmulator;
  beforeAll(async () => {
    signing = await startTestEmulator({ secretKey: SECRET, publishKey: PUB_KEY });
  });
  afterAll(() => signing.close());

  it('accepts every operation of a signing SDK, the event URL included', async () => {
    const sender: PubNub = sdkFor(signing, { secretKey: SECRET, userId: 'signer', cipherKey: KEY });
    const receiver = sdkFor(signing, { secretKey: SECRET, userId: 'signed-receiver', cipherKey: KEY });
    const channel = 'signed ch/ü+%';
    const stop = new AbortController();
    const events = receiver.fileEvents([channel], { signal: stop.signal });
    await events.connected;
    const bytes = patternBytes(4096);

    const sent = await sender.sendFile({
      channel,
      fileName: 'signed file #1?.txt',
      file: bytes,
      message: { signed: true },
    });
    const event = (await events.next()).value!;
    expect(event.message).toEqual({ signed: true });
    expect(new URL(event.file!.url).searchParams.get('signature')).toMatch(/^v2\./);
    const viaEvent = await fetch(event.file!.url);
    expect(viaEvent.status).toBe(200);
    expect(
      digest(
        await CryptoModule.legacyCryptoModule({ cipherKey: KEY }).decryptFile(
          new Uint8Array(await viaEvent.arrayBuffer()),
        ),
      ),
    ).toBe(digest(bytes));
    expect((await sender.listFiles({ channel })).data.map((file) => file.id)).toEqual([sent.fileId]);
    expect(digest((await receiver.downloadFile({ channel, fileId: sent.fileId, fileName: sent.name })).data)).toBe(
      digest(bytes),
    );
    await sender.publishFileMessage({ channel, fileId: sent.fileId, fileName: sent.name });
    expect((await events.next()).value!.message).toBeUndefined();
    await sender.deleteFile({ channel, fileId: sent.fileId, fileName: sent.name });
    expect((await sender.listFiles({ channel })).data).toEqual([]);
    stop.abort();
  });

  it('refuses an SDK without the secret (403, Access Manager), and says so without leaking a key', async () => {
    const unsigned = sdkFor(signing, { userId: 'unsigned' });
    const wrong = sdkFor(signing, { userId: 'wrong', secretKey: 'sec-c-not-the-one' });
    for (const pubnub of [unsigned, wrong]) {
      const refused = await pubnub.listFiles({ channel: 'any' }).catch((e: unknown) => e);
      expect(refused).toMatchObject({
        status: { category: 'PNAccessDeniedCategory', statusCode: 403, operation: 'PNListFilesOperation' },
      });
      expect(JSON.stringify(refused)).not.toContain('sec-c-');
    }
  });
});
