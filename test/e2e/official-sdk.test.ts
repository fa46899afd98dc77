import PubNub from 'pubnub';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { conforming, digest, patternBytes, startTestEmulator } from '../support/emulator-harness.ts';

/**
 * The official SDK (pubnub@12.0.3), unmodified, against the emulator: what works against the real service must work
 * here, and what the real service refuses (a getFileUrl signed with the method LOCAL) is refused here too.
 */

type Config = ConstructorParameters<typeof PubNub>[0];

let emulator: RunningEmulator;
const clients: PubNub[] = [];

function officialSdk(extra: Partial<Config> = {}, userId = 'official-user'): PubNub {
  const pubnub = new PubNub({
    publishKey: 'pub-c-official',
    subscribeKey: 'sub-c-official',
    userId,
    origin: emulator.origin,
    ssl: false,
    ...extra,
  } as Config);
  clients.push(pubnub);
  return pubnub;
}

beforeEach(async () => {
  emulator = await startTestEmulator({ subscribeHoldMs: 60_000 });
});
afterEach(async () => {
  for (const pubnub of clients.splice(0)) pubnub.destroy();
  await emulator.close();
});

const LEGACY_OVERHEAD = (n: number) => 16 + (Math.floor(n / 16) + 1) * 16;

const modes = [
  { mode: 'plain', config: (): Partial<Config> => ({}), storedSize: (n: number) => n },
  {
    mode: 'a cipherKey (legacy)',
    config: (): Partial<Config> => ({ cipherKey: 'testKey' }),
    storedSize: LEGACY_OVERHEAD,
  },
  {
    mode: 'an AES-CBC crypto module',
    config: (): Partial<Config> => ({
      cryptoModule: PubNub.CryptoModule!.aesCbcCryptoModule({ cipherKey: 'testKey' }),
    }),
    // PNED header (10 bytes with a 16-byte IV as metadata) + IV + padded ciphertext.
    storedSize: (n: number) => 10 + 16 + (Math.floor(n / 16) + 1) * 16,
  },
];

describe.each(modes)('the official SDK with $mode', ({ config, storedSize }) => {
  it('sends, lists, locates, downloads, republishes and deletes a file', async () => {
    const pubnub = officialSdk(config());
    const channel = 'official room/ü';
    const bytes = patternBytes(10_000);
    const name = 'report #1 (final)+ü.txt';

    const sent = await pubnub.sendFile({
      channel,
      file: { data: Buffer.from(bytes), name, mimeType: 'text/plain' },
      message: { caption: 'hi' },
    });
    expect(sent.timetoken).toMatch(/^\d{17}$/);
    expect(sent.name).toBe(name);

    const listed = await pubnub.listFiles({ channel });
    expect(listed.data).toEqual([{ id: sent.id, name, size: storedSize(bytes.length), created: expect.any(String) }]);
    expect(listed.count).toBe(1);

    // getFileUrl makes no request; without a secret key its URL is plain and the emulator redirects to the bytes.
    const url = pubnub.getFileUrl({ channel, id: sent.id, name });
    expect(url.startsWith(`http://${emulator.origin}/v1/files/sub-c-official/channels/`)).toBe(true);
    const located = await conforming('getFile', await fetch(url, { redirect: 'manual' }));
    expect(located.status).toBe(307);
    const stored = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(stored.length).toBe(storedSize(bytes.length));

    const file = await pubnub.downloadFile({ channel, id: sent.id, name });
    expect(digest(new Uint8Array(await file.toBuffer()))).toBe(digest(bytes));

    const republished = await pubnub.publishFile({
      channel,
      fileId: sent.id,
      fileName: name,
      message: { again: true },
    });
    expect(BigInt(republished.timetoken) > BigInt(sent.timetoken)).toBe(true);

    await pubnub.deleteFile({ channel, id: sent.id, name });
    expect((await pubnub.listFiles({ channel })).count).toBe(0);
  });

  it('a subscriber with the same settings receives the file event', async () => {
    const sender = officialSdk(config(), 'sender');
    const receiver = officialSdk(config(), 'receiver');
    const channel = 'events';
    const event = new Promise<PubNub.Subscription.File>((resolve) => receiver.addListener({ file: resolve }));
    const connected = new Promise<void>((resolve) =>
      receiver.addListener({
        status(status) {
          if (status.category === PubNub.CATEGORIES.PNConnectedCategory) resolve();
        },
      }),
    );
    receiver.subscribe({ channels: [channel] });
    await connected;

    const sent = await sender.sendFile({
      channel,
      file: { data: Buffer.from('Knights who say Ni!'), name: 'ni.txt' },
      message: { text: 'look' },
    });
    const received = await event;
    expect(received.channel).toBe(channel);
    expect(received.publisher).toBe('sender');
    expect(received.timetoken).toBe(sent.timetoken);
    expect(received.message).toEqual({ text: 'look' });
    expect(received.file).toMatchObject({ id: sent.id, name: 'ni.txt' });
    const download = await fetch(received.file!.url);
    expect(download.status).toBe(200);
    receiver.unsubscribeAll();
  });
});

describe('the official SDK with a secret key', () => {
  it('passes the emulator signature checks for every call, but its LOCAL-signed getFileUrl is refused', async () => {
    await emulator.close();
    emulator = await startTestEmulator({ secretKey: 'sec-c-official', publishKey: 'pub-c-official' });
    const pubnub = officialSdk({ secretKey: 'sec-c-official' });
    const sent = await pubnub.sendFile({
      channel: 'signed',
      file: { data: Buffer.from('signed bytes'), name: 's.txt' },
    });
    expect((await pubnub.listFiles({ channel: 'signed' })).count).toBe(1);
    const file = await pubnub.downloadFile({ channel: 'signed', id: sent.id, name: 's.txt' });
    expect((await file.toBuffer()).toString()).toBe('signed bytes');

    // docs/protocol.md A5: the JS SDK signs getFileUrl with the method LOCAL, which no server can verify.
    const refused = await conforming(
      'getFile',
      await fetch(pubnub.getFileUrl({ channel: 'signed', id: sent.id, name: 's.txt' }), { redirect: 'manual' }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ service: 'Access Manager', message: 'Signature does not match' });

    await pubnub.deleteFile({ channel: 'signed', id: sent.id, name: 's.txt' });
  });

  it('is refused with a wrong secret key', async () => {
    await emulator.close();
    emulator = await startTestEmulator({ secretKey: 'sec-c-official', publishKey: 'pub-c-official' });
    const pubnub = officialSdk({ secretKey: 'sec-c-wrong' });
    await expect(pubnub.listFiles({ channel: 'signed' })).rejects.toMatchObject({ status: { statusCode: 403 } });
  });
});
