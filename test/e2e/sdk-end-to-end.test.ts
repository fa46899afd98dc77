// The SDK against the project's emulator over real HTTP on 127.0.0.1: real multipart parsing, real v2 signature
// checks, a real 307 to the emulated CDN, and the official SDK reading what ours stored.
import PubNubOfficial from 'pubnub';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { CryptoModule } from '../../src/highlevel/crypto/index.ts';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import type { PubNubConfig } from '../../src/highlevel/config.ts';

const KEYS = { subscribeKey: 'sub-c-e2e', publishKey: 'pub-c-e2e', secretKey: 'sec-c-e2e' };
let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator({ inMemory: true, secretKey: KEYS.secretKey, publishKey: KEYS.publishKey });
});
afterEach(async () => {
  await emulator.close();
});

function sdk(extra: Partial<PubNubConfig> = {}): PubNub {
  return new PubNub({ ...KEYS, userId: 'knight-1', authKey: 'auth-1', origin: emulator.origin, ssl: false, ...extra });
}

describe('the SDK against the emulator, signed', () => {
  const channel = 'a b/ü,c';
  const fileName = "it's (1).txt";

  it('sends, lists, resolves the URL, downloads and deletes a file', async () => {
    const pubnub = sdk();
    const file = new Blob(['Knights who say Ni!'], { type: 'text/plain' });
    const sent = await pubnub.sendFile({
      channel,
      fileName,
      file,
      message: { text: 'the map' },
      ttl: 2,
      meta: { kind: 'map' },
    });
    expect(sent.name).toBe(fileName);
    expect(sent.timestamp).toMatch(/^\d{17}$/);

    const page = await pubnub.listFiles().channel(channel).limit(10).result();
    expect(page).toMatchObject({
      count: 1,
      next: null,
      prev: null,
      data: [{ id: sent.fileId, name: fileName, size: 19 }],
    });

    const { fileUrl } = await pubnub.getFileUrl({ channel, fileId: sent.fileId, fileName: sent.name });
    const viaUrl = await fetch(fileUrl);
    expect(await viaUrl.text()).toBe('Knights who say Ni!');

    const downloaded = await pubnub.downloadFile({ channel, fileId: sent.fileId, fileName: sent.name });
    expect(new TextDecoder().decode(downloaded.data)).toBe('Knights who say Ni!');
    expect(downloaded.contentType).toMatch(/^text\/plain/);

    expect(await pubnub.deleteFile({ channel, fileId: sent.fileId, fileName: sent.name })).toEqual({ status: 200 });
    const again = await pubnub.deleteFile().channel(channel).fileId(sent.fileId).fileName(sent.name).future();
    expect(again.status).toMatchObject({ error: true, category: 'PNNotFoundCategory', statusCode: 404 });
  });

  it('iterateFiles walks every page of the emulator lazily: a list request per page, asked for as files are consumed', async () => {
    const lists: string[] = [];
    const counting = (request: Request) => {
      if (request.method === 'GET' && new URL(request.url).pathname.endsWith('/files')) lists.push(request.url);
      return fetch(request);
    };
    const pubnub = sdk({ fetch: counting as typeof fetch });
    const sentIds = new Set<string>();
    for (let i = 0; i < 5; i++)
      sentIds.add((await pubnub.sendFile({ channel: 'paged', fileName: `f${i}.txt`, file: `file ${i}` })).fileId);

    const files = pubnub.iterateFiles({ channel: 'paged', limit: 2 });
    const requestsSeen: number[] = [];
    const seenIds = new Set<string>();
    for await (const found of files) {
      seenIds.add(found.id);
      requestsSeen.push(lists.length);
    }
    expect(seenIds).toEqual(sentIds);
    expect(requestsSeen).toEqual([1, 1, 2, 2, 3]);
    expect(lists.map((url) => new URL(url).searchParams.has('next'))).toEqual([false, true, true]);
  });

  it('stores exactly 5,242,880 bytes, the limit', async () => {
    const sent = await sdk().sendFile({ channel: 'c', fileName: 'big.bin', file: new Uint8Array(5_242_880).fill(7) });
    const downloaded = await sdk().downloadFile({ channel: 'c', fileId: sent.fileId, fileName: sent.name });
    expect(downloaded.data.byteLength).toBe(5_242_880);
  });

  it('a wrong secret key is refused by the service as access denied, and the key never shows', async () => {
    const envelope = await sdk({ secretKey: 'sec-c-WRONG' }).listFiles().channel('c').future();
    expect(envelope.status).toMatchObject({ error: true, category: 'PNAccessDeniedCategory', statusCode: 403 });
    expect(JSON.stringify(envelope.status)).not.toContain('sec-c-WRONG');
  });
});

describe('encrypted files between this SDK and the official one', () => {
  it('the official SDK (cipherKey) downloads what this SDK sent with a cipherKey', async () => {
    const sent = await sdk({ cipherKey: 'testKey' }).sendFile({
      channel: 'c',
      fileName: 'k.txt',
      file: 'Knights who say Ni!',
    });
    const official = new PubNubOfficial({
      ...KEYS,
      userId: 'official',
      origin: emulator.origin,
      ssl: false,
      cipherKey: 'testKey',
    } as never);
    try {
      const file = await official.downloadFile({ channel: 'c', id: sent.fileId, name: sent.name });
      expect(await (file as unknown as { toString(): Promise<string> }).toString()).toBe('Knights who say Ni!');
    } finally {
      official.destroy();
    }
  });

  it('this SDK (AES-CBC module) downloads what the official SDK sent with an AES-CBC module', async () => {
    const official = new PubNubOfficial({
      ...KEYS,
      userId: 'official',
      origin: emulator.origin,
      ssl: false,
      cryptoModule: PubNubOfficial.CryptoModule!.aesCbcCryptoModule({ cipherKey: 'testKey' }),
    } as never);
    try {
      const sent = await official.sendFile({
        channel: 'c',
        file: { data: Buffer.from('from the official SDK'), name: 'o.txt', mimeType: 'text/plain' },
      });
      const ours = sdk({ cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: 'testKey' }) });
      const downloaded = await ours.downloadFile({ channel: 'c', fileId: sent.id!, fileName: sent.name! });
      expect(new TextDecoder().decode(downloaded.data)).toBe('from the official SDK');
    } finally {
      official.destroy();
    }
  });
});
