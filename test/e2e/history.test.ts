// Message Persistence in the emulator: what is stored (store=1, the default) and what is not (store=0), expiry by
// ttl hours or the retention, fetchMessages' range and paging rules and shapes (checked against the spec on every
// answer), the official SDK's fetchMessages reading file messages back as type 4 with their file, and this SDK's
// fetchFileMessages.
import PubNubOfficial from 'pubnub';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/index.ts';
import { CryptoModule } from '../../src/index.ts';
import { conforming, emulatorClient, enc, PUB_KEY, startTestEmulator, SUB_KEY } from '../support/emulator-harness.ts';
import { sdkFor } from '../support/sdk-emulator.ts';

type OfficialConfig = ConstructorParameters<typeof PubNubOfficial>[0];
type Stored = {
  message: any;
  timetoken: string;
  uuid?: string;
  message_type?: number | null;
  meta?: unknown;
  custom_message_type?: string;
};
type History = { status: number; error: boolean; error_message: string; channels: Record<string, Stored[]> };

let emulator: RunningEmulator | undefined;
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await emulator?.close();
  emulator = undefined;
});

async function start(options: EmulatorOptions = {}) {
  emulator = await startTestEmulator(options);
  return { emulator, client: emulatorClient(emulator) };
}

async function history(channels: string[], query = ''): Promise<{ status: number; body: History }> {
  const url = `${emulator!.url}/v3/history/sub-key/${SUB_KEY}/channel/${channels.map(enc).join(',')}?uuid=reader${query}`;
  return conforming<History>('fetchMessages', await fetch(url));
}

const file = (id: string) => ({ message: `caption ${id}`, file: { id, name: `${id}.png` } });
const ids = (stored: Stored[] | undefined) => (stored ?? []).map((s) => s.message.file?.id ?? s.message);

describe('what is stored', () => {
  it('file messages with store=1 or no store, not store=0; every include_ field on request', async () => {
    const { client } = await start();
    const [one] = (
      await client.publishFile('maps', file('one'), `&meta=${enc('{"kind":"map"}')}&custom_message_type=file-share`)
    ).body;
    await client.publishFile('maps', file('hidden'), '&store=0');
    await client.publishFile('maps', file('two'), '&store=1');

    const all = await history(['maps'], '&include_meta=true&include_custom_message_type=true');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ status: 200, error: false, error_message: '' });
    expect(ids(all.body.channels['maps'])).toEqual(['one', 'two']);
    expect(all.body.channels['maps']![0]).toEqual({
      message: file('one'),
      timetoken: expect.stringMatching(/^\d{17}$/),
      uuid: 'user-1',
      message_type: 4,
      meta: { kind: 'map' },
      custom_message_type: 'file-share',
    });
    expect(all.body.channels['maps']![0]!.timetoken).not.toBe(one);

    const bare = await history(['maps'], '&include_uuid=false&include_message_type=false');
    expect(bare.body.channels['maps']![0]).toEqual({ message: file('one'), timetoken: expect.any(String) });
  });

  it('plain /publish messages too, as message_type null; an unknown channel is left out', async () => {
    const { emulator } = await start();
    const url = `${emulator.url}/publish/${PUB_KEY}/${SUB_KEY}/0/maps/0/${enc('{"text":"hi"}')}?uuid=talker`;
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(`${url}&store=0`)).status).toBe(200);
    const answer = await history(['maps', 'empty']);
    expect(answer.body.channels).toEqual({
      maps: [{ message: { text: 'hi' }, timetoken: expect.any(String), uuid: 'talker', message_type: null }],
    });
  });

  it('keeps a message for its ttl hours, or else for messageRetentionMs', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const { client } = await start({ now: () => now, messageRetentionMs: 30 * 60_000 });
    await client.publishFile('maps', file('retained'));
    await client.publishFile('maps', file('two-hours'), '&ttl=2');
    await client.publishFile('maps', file('zero-ttl'), '&ttl=0');
    expect(ids((await history(['maps'])).body.channels['maps'])).toEqual(['retained', 'two-hours', 'zero-ttl']);
    now += 31 * 60_000;
    expect(ids((await history(['maps'])).body.channels['maps'])).toEqual(['two-hours']);
    now += 90 * 60_000;
    expect((await history(['maps'])).body.channels).toEqual({});
  });
});

describe('ranges and paging', () => {
  async function published(count: number) {
    const { client } = await start();
    const timetokens: string[] = [];
    for (let i = 0; i < count; i++) timetokens.push((await client.publishFile('maps', file(`f${i}`))).body[2]);
    return timetokens;
  }

  it('max gives the newest, start (exclusive) pages back, end (inclusive) alone reads forward', async () => {
    const tt = await published(7);
    expect(ids((await history(['maps'], '&max=3')).body.channels['maps'])).toEqual(['f4', 'f5', 'f6']);
    expect(ids((await history(['maps'], `&max=3&start=${tt[4]}`)).body.channels['maps'])).toEqual(['f1', 'f2', 'f3']);
    expect(ids((await history(['maps'], `&max=3&start=${tt[1]}`)).body.channels['maps'])).toEqual(['f0']);
    expect(ids((await history(['maps'], `&max=3&end=${tt[2]}`)).body.channels['maps'])).toEqual(['f2', 'f3', 'f4']);
    expect(ids((await history(['maps'], `&max=10&start=${tt[5]}&end=${tt[2]}`)).body.channels['maps'])).toEqual([
      'f2',
      'f3',
      'f4',
    ]);
  });

  it('at most 100 for one channel and 25 per channel for several, whatever max says', async () => {
    const { client } = await start();
    for (let i = 0; i < 110; i++) {
      await client.publishFile('a', file(`a${i}`), '&store=1');
      if (i < 30) await client.publishFile('b', file(`b${i}`));
    }
    expect((await history(['a'], '&max=500')).body.channels['a']).toHaveLength(100);
    const both = await history(['a', 'b'], '&max=100');
    expect(both.body.channels['a']).toHaveLength(25);
    expect(ids(both.body.channels['b'])[0]).toBe('b5');
  });

  it('refuses a bad parameter in the history error shape', async () => {
    await start();
    for (const query of ['&max=0', '&start=later', '&include_meta=yes']) {
      const answer = await history(['maps'], query);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ status: 400, error: true, error_message: expect.any(String), channels: {} });
    }
  });
});

describe('the official SDK (pubnub@12.0.3) fetchMessages', () => {
  function official(extra: Partial<OfficialConfig> = {}): PubNubOfficial {
    const pubnub = new PubNubOfficial({
      publishKey: 'pub-c-official',
      subscribeKey: 'sub-c-official',
      userId: 'official-user',
      origin: emulator!.origin,
      ssl: false,
      ...extra,
    } as OfficialConfig);
    cleanups.push(() => pubnub.destroy());
    return pubnub;
  }

  it('reads stored file messages back as type 4 with their file; storeInHistory: false stays out', async () => {
    await start();
    const pubnub = official();
    const kept = await pubnub.sendFile({
      channel: 'maps',
      file: { data: Buffer.from('a map'), name: 'map.png' },
      message: { n: 1 },
      meta: { kind: 'map' },
    });
    await pubnub.sendFile({
      channel: 'maps',
      file: { data: Buffer.from('secret'), name: 'no.png' },
      storeInHistory: false,
    });
    await pubnub.publish({ channel: 'maps', message: { text: 'plain' } });

    const fetched = await pubnub.fetchMessages({
      channels: ['maps'],
      includeMeta: true,
      includeCustomMessageType: true,
    });
    const maps = fetched.channels['maps']!;
    expect(maps).toHaveLength(2);
    expect(maps[0]).toMatchObject({
      channel: 'maps',
      timetoken: kept.timetoken,
      messageType: 4,
      uuid: 'official-user',
      meta: { kind: 'map' },
      message: { message: { n: 1 }, file: { id: kept.id, name: 'map.png' } },
    });
    expect(maps[1]).toMatchObject({ messageType: -1, message: { text: 'plain' } });
  });

  it('with a cipher key decrypts them and adds the file URL, which downloads', async () => {
    await start();
    const pubnub = official({ cipherKey: 'testKey' });
    const sent = await pubnub.sendFile({
      channel: 'secret maps',
      file: { data: Buffer.from('Knights who say Ni!'), name: 'ni.txt' },
      message: 'caption',
    });
    const fetched = await pubnub.fetchMessages({ channels: ['secret maps'] });
    const [item] = fetched.channels['secret maps']!;
    expect(item).toMatchObject({
      messageType: 4,
      message: { message: 'caption', file: { id: sent.id, name: 'ni.txt' } },
    });
    expect(item!.error).toBeUndefined();
    const url = (item!.message as { file: { url: string } }).file.url;
    expect((await fetch(url)).status).toBe(200);
  });

  it('pages back with start', async () => {
    await start();
    const pubnub = official();
    const timetokens: string[] = [];
    for (let i = 0; i < 5; i++) timetokens.push((await pubnub.publish({ channel: 'log', message: { i } })).timetoken);
    const newest = await pubnub.fetchMessages({ channels: ['log'], count: 2 });
    expect(newest.channels['log']!.map((m) => m.message)).toEqual([{ i: 3 }, { i: 4 }]);
    const older = await pubnub.fetchMessages({
      channels: ['log'],
      count: 2,
      start: newest.channels['log']![0]!.timetoken as string,
    });
    expect(older.channels['log']!.map((m) => m.message)).toEqual([{ i: 1 }, { i: 2 }]);
    expect(older.channels['log']!.map((m) => m.timetoken)).toEqual(timetokens.slice(1, 3));
  });
});

describe('this SDK: fetchFileMessages', () => {
  it('reads back the stored file messages, oldest first, like file events; shouldStore: false stays out', async () => {
    await start();
    const pubnub = sdkFor(emulator!, { userId: 'sender' });
    const first = await pubnub.sendFile({
      channel: 'maps',
      fileName: 'one.png',
      file: 'one',
      message: { n: 1 },
      meta: { kind: 'map' },
      customMessageType: 'file-share',
    });
    await pubnub.sendFile({ channel: 'maps', fileName: 'hidden.png', file: 'hidden', shouldStore: false });
    const plain = `${emulator!.url}/publish/${PUB_KEY}/${SUB_KEY}/0/maps/0/${enc('{"text":"not a file"}')}?uuid=talker`;
    expect((await fetch(plain)).status).toBe(200);
    const second = await pubnub.sendFile().channel('maps').fileName('two.png').fileObject('two').ttl(2).future();
    expect(second.status.error).toBe(false);

    const { messages, next } = await pubnub.fetchFileMessages({ channel: 'maps' });
    expect(next).toBeNull();
    expect(messages.map((m) => m.file?.name)).toEqual(['one.png', 'two.png']);
    const { fileUrl } = await pubnub.getFileUrl({ channel: 'maps', fileId: first.fileId, fileName: 'one.png' });
    expect(messages[0]).toEqual({
      channel: 'maps',
      timetoken: first.timestamp,
      publisher: 'sender',
      meta: { kind: 'map' },
      customMessageType: 'file-share',
      message: { n: 1 },
      file: { id: first.fileId, name: 'one.png', url: fileUrl },
    });
    const download = await pubnub.downloadFile({
      channel: 'maps',
      fileId: messages[1]!.file!.id,
      fileName: messages[1]!.file!.name,
    });
    expect(new TextDecoder().decode(download.data)).toBe('two');
  });

  it('pages further back with next', async () => {
    await start();
    const pubnub = sdkFor(emulator!);
    for (let i = 0; i < 5; i++) await pubnub.sendFile({ channel: 'log', fileName: `f${i}.txt`, file: `${i}` });
    const names = (page: { messages: Array<{ file?: { name: string } | undefined }> }) =>
      page.messages.map((m) => m.file?.name);
    const newest = await pubnub.fetchFileMessages({ channel: 'log', count: 2 });
    expect(names(newest)).toEqual(['f3.txt', 'f4.txt']);
    const older = await pubnub.fetchFileMessages({ channel: 'log', count: 2, start: newest.next! });
    expect(names(older)).toEqual(['f1.txt', 'f2.txt']);
    const oldest = await pubnub.fetchFileMessages({ channel: 'log', count: 2, start: older.next! });
    expect(names(oldest)).toEqual(['f0.txt']);
    expect(oldest.next).toBeNull();
  });

  it('decrypts with the configured crypto; a reader with the wrong key gets an error per message', async () => {
    await start();
    const writer = sdkFor(emulator!, { cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: 'testKey' }) });
    const sent = await writer.sendFile({
      channel: 'secret',
      fileName: 'ni.txt',
      file: 'Knights who say Ni!',
      message: 'caption',
    });
    const [read] = (await sdkFor(emulator!, { cipherKey: 'testKey' }).fetchFileMessages({ channel: 'secret' }))
      .messages;
    expect(read).toMatchObject({ message: 'caption', file: { id: sent.fileId, name: 'ni.txt' } });
    const [unread] = (await sdkFor(emulator!, { cipherKey: 'wrongKey' }).fetchFileMessages({ channel: 'secret' }))
      .messages;
    expect(unread).toMatchObject({ timetoken: sent.timestamp, message: undefined, file: undefined });
    expect(unread!.error?.status.category).toBe('PNDecryptionErrorCategory');
  });

  it('refuses bad arguments before any request', async () => {
    await start();
    const pubnub = sdkFor(emulator!);
    for (const params of [
      { channel: '' },
      { channel: 'a', count: 0 },
      { channel: 'a', count: 101 },
      { channel: 'a', start: 'yesterday' },
    ]) {
      await expect(pubnub.fetchFileMessages(params)).rejects.toMatchObject({
        status: { category: 'PNValidationErrorCategory', operation: 'PNFetchMessagesOperation' },
      });
    }
  });
});
