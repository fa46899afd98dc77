// Wrong argument types for every public function, as plain JavaScript callers pass them: each is refused with a
// PNValidationErrorCategory PubNubError (thrown by constructors and synchronous methods, a rejection by the async
// ones) before any request is made.
import { describe, expect, it } from 'vitest';
import { CryptoModule } from '../../src/highlevel/crypto/index.ts';
import type { PubNub } from '../../src/highlevel/pubnub.ts';
import { client, expectTypedError, rejection } from './support.ts';

const cyclic: Record<string, unknown> = {};
cyclic['self'] = cyclic;

let requests = 0;
const counting = (async () => (requests++, new Response('{}'))) as typeof fetch;
const stored = { channel: 'room', fileId: 'id-1', fileName: 'a.txt' };

const calls: Array<[string, (pubnub: PubNub) => Promise<unknown>]> = [
  ['sendFile channel 42', (p) => p.sendFile({ channel: 42, fileName: 'a', file: 'x' } as never)],
  ['sendFile channel {}', (p) => p.sendFile({ channel: {}, fileName: 'a', file: 'x' } as never)],
  ['sendFile channel ""', (p) => p.sendFile({ channel: '', fileName: 'a', file: 'x' })],
  ['sendFile channel "."', (p) => p.sendFile({ channel: '.', fileName: 'a', file: 'x' })],
  ['sendFile fileName 7', (p) => p.sendFile({ channel: 'c', fileName: 7, file: 'x' } as never)],
  ['sendFile without fileName for bytes', (p) => p.sendFile({ channel: 'c', file: new Uint8Array(1) } as never)],
  ['sendFile file null', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: null } as never)],
  ['sendFile file 12', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 12 } as never)],
  ['sendFile file a plain object', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: { data: 'x' } } as never)],
  [
    'sendFile file a stream of numbers',
    (p) =>
      p.sendFile({
        channel: 'c',
        fileName: 'a',
        file: (async function* () {
          yield 1;
        })(),
      } as never),
  ],
  ['sendFile message a function', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', message: () => 1 })],
  ['sendFile message a BigInt', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', message: 1n })],
  ['sendFile message cyclic', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', message: cyclic })],
  ['sendFile meta an array', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', meta: [] as never })],
  ['sendFile meta a string', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', meta: 'm' as never })],
  ['sendFile meta cyclic', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', meta: cyclic })],
  ['sendFile ttl -1', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', ttl: -1 })],
  ['sendFile ttl 1.5', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', ttl: 1.5 })],
  ['sendFile ttl "1"', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', ttl: '1' as never })],
  [
    'sendFile shouldStore "yes"',
    (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', shouldStore: 'yes' as never }),
  ],
  [
    'sendFile customMessageType too short',
    (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', customMessageType: 'ab' }),
  ],
  [
    'sendFile customMessageType too long',
    (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', customMessageType: 'a'.repeat(51) }),
  ],
  [
    'sendFile customMessageType with spaces',
    (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', customMessageType: 'bad type' }),
  ],
  ['sendFile cipherKey ""', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', cipherKey: '' })],
  ['sendFile cipherKey 5', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', cipherKey: 5 as never })],
  ['sendFile a file over 5 MiB', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: new Uint8Array(5_242_881) })],
  ['sendFile signal a string', (p) => p.sendFile({ channel: 'c', fileName: 'a', file: 'x', signal: 'stop' as never })],
  ['listFiles channel []', (p) => p.listFiles({ channel: [] as never })],
  ['listFiles limit 0', (p) => p.listFiles({ channel: 'c', limit: 0 })],
  ['listFiles limit 101', (p) => p.listFiles({ channel: 'c', limit: 101 })],
  ['listFiles limit "5"', (p) => p.listFiles({ channel: 'c', limit: '5' as never })],
  ['listFiles limit NaN', (p) => p.listFiles({ channel: 'c', limit: Number.NaN })],
  ['listFiles next 5', (p) => p.listFiles({ channel: 'c', next: 5 as never })],
  ['listFiles next ""', (p) => p.listFiles({ channel: 'c', next: '' })],
  ['getFileUrl fileId null', (p) => p.getFileUrl({ ...stored, fileId: null as never })],
  ['getFileUrl fileName ".."', (p) => p.getFileUrl({ ...stored, fileName: '..' })],
  ['getFileUrl channel true', (p) => p.getFileUrl({ ...stored, channel: true as never })],
  ['downloadFile fileName missing', (p) => p.downloadFile({ channel: 'c', fileId: 'i' } as never)],
  ['downloadFile cipherKey {}', (p) => p.downloadFile({ ...stored, cipherKey: {} as never })],
  ['downloadFile signal {}', (p) => p.downloadFile({ ...stored, signal: {} as never })],
  ['deleteFile fileId 3', (p) => p.deleteFile({ ...stored, fileId: 3 as never })],
  ['deleteFile channel ".."', (p) => p.deleteFile({ ...stored, channel: '..' })],
  ['publishFileMessage fileId missing', (p) => p.publishFileMessage({ channel: 'c', fileName: 'a' } as never)],
  ['publishFileMessage message a symbol', (p) => p.publishFileMessage({ ...stored, message: Symbol('s') })],
  ['publishFileMessage ttl Infinity', (p) => p.publishFileMessage({ ...stored, ttl: Number.POSITIVE_INFINITY })],
  ['publishFileMessage meta null', (p) => p.publishFileMessage({ ...stored, meta: null as never })],
  ['builder: sendFile().result() with nothing set', (p) => p.sendFile().result()],
  ['builder: listFiles().limit(-3)', (p) => p.listFiles().channel('c').limit(-3).result()],
  [
    'builder: downloadFile().signal("x")',
    (p) =>
      p
        .downloadFile()
        .channel('c')
        .fileId('i')
        .fileName('n')
        .signal('x' as never)
        .result(),
  ],
  [
    'builder: future() with a bad channel resolves with an error status',
    async (p) => {
      const { status } = await p
        .deleteFile()
        .channel(9 as never)
        .fileId('i')
        .fileName('n')
        .future();
      throw Object.assign(new Error('future'), { status });
    },
  ],
];

describe('each method refuses wrong argument types before any request', () => {
  it.each(calls)('%s', async (name, call) => {
    requests = 0;
    const thrown = await rejection(call(client({ fetch: counting })));
    // future() never rejects: its status is what a rejection would have carried.
    if (name.includes('future()'))
      expect((thrown as { status: { category: string } }).status.category).toBe('PNValidationErrorCategory');
    else expectTypedError(thrown, 'PNValidationErrorCategory');
    expect(requests).toBe(0);
  });
});

const synchronous: Array<[string, (pubnub: PubNub) => unknown]> = [
  ['subscribe(null)', (p) => p.subscribe(null as never)],
  ['subscribe channels a string', (p) => p.subscribe({ channels: 'room' as never })],
  ['subscribe channels []', (p) => p.subscribe({ channels: [] })],
  ['subscribe channels [1]', (p) => p.subscribe({ channels: [1] as never })],
  ['subscribe channels [""]', (p) => p.subscribe({ channels: [''] })],
  ['subscribe builder without channels', (p) => p.subscribe().execute()],
  ['unsubscribe channels null', (p) => p.unsubscribe({ channels: null as never })],
  ['unsubscribe(undefined)', (p) => p.unsubscribe(undefined as never)],
  ['fileEvents("room")', (p) => p.fileEvents('room' as never)],
  ['fileEvents([{}])', (p) => p.fileEvents([{}] as never)],
  ['fileEvents(["."])', (p) => p.fileEvents(['.'])],
];

describe('the synchronous methods throw a validation error at once', () => {
  it.each(synchronous)('%s', (_, call) => {
    requests = 0;
    let thrown: unknown;
    try {
      call(client({ fetch: counting }));
    } catch (error) {
      thrown = error;
    }
    expectTypedError(thrown, 'PNValidationErrorCategory');
    expect(requests).toBe(0);
  });
});

const configs: Array<[string, Record<string, unknown> | null | undefined | string]> = [
  ['no config', undefined],
  ['null', null],
  ['a string', 'sub-c-key'],
  ['subscribeKey 5', { subscribeKey: 5, userId: 'u' }],
  ['subscribeKey blank', { subscribeKey: '  ', userId: 'u' }],
  ['userId missing', { subscribeKey: 's' }],
  ['userId {}', { subscribeKey: 's', userId: {} }],
  ['publishKey ""', { subscribeKey: 's', userId: 'u', publishKey: '' }],
  ['secretKey without publishKey', { subscribeKey: 's', userId: 'u', secretKey: 'sec' }],
  ['origin with a scheme', { subscribeKey: 's', userId: 'u', origin: 'https://ps.pndsn.com' }],
  ['origin with a path', { subscribeKey: 's', userId: 'u', origin: 'host/path' }],
  ['ssl "false"', { subscribeKey: 's', userId: 'u', ssl: 'false' }],
  ['fetch a string', { subscribeKey: 's', userId: 'u', fetch: 'fetch' }],
  ['requestTimeout 0', { subscribeKey: 's', userId: 'u', requestTimeout: 0 }],
  ['requestTimeout 1.5', { subscribeKey: 's', userId: 'u', requestTimeout: 1.5 }],
  ['requestTimeout "100"', { subscribeKey: 's', userId: 'u', requestTimeout: '100' }],
  ['fileRequestTimeout -1', { subscribeKey: 's', userId: 'u', fileRequestTimeout: -1 }],
  ['fileUploadPublishRetryLimit 0', { subscribeKey: 's', userId: 'u', fileUploadPublishRetryLimit: 0 }],
  ['retryPolicy maxAttempts 0', { subscribeKey: 's', userId: 'u', retryPolicy: { maxAttempts: 0 } }],
  ['retryPolicy baseDelayMs -1', { subscribeKey: 's', userId: 'u', retryPolicy: { baseDelayMs: -1 } }],
  [
    'retryPolicy maxDelayMs under baseDelayMs',
    { subscribeKey: 's', userId: 'u', retryPolicy: { baseDelayMs: 10, maxDelayMs: 5 } },
  ],
  ['cryptoModule {}', { subscribeKey: 's', userId: 'u', cryptoModule: {} }],
  ['cipherKey 5', { subscribeKey: 's', userId: 'u', cipherKey: 5 }],
];

describe('the constructor refuses wrong options', () => {
  it.each(configs)('%s', async (_, config) => {
    const { PubNub } = await import('../../src/highlevel/pubnub.ts');
    let thrown: unknown;
    try {
      new PubNub(config as never);
    } catch (error) {
      thrown = error;
    }
    expectTypedError(thrown, 'PNValidationErrorCategory');
  });
});

const module = CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' });
const cryptoCalls: Array<[string, () => unknown]> = [
  ['encrypt(5)', () => module.encrypt(5 as never)],
  ['encrypt(null)', () => module.encrypt(null as never)],
  ['decrypt("text")', () => module.decrypt('text' as never)],
  ['decrypt(ArrayBuffer)', () => module.decrypt(new ArrayBuffer(32) as never)],
  ['encryptFile([1,2])', () => module.encryptFile([1, 2] as never)],
  ['decryptFile({})', () => module.decryptFile({} as never)],
  ['encryptedFileSize(-1)', () => module.encryptedFileSize(-1)],
  ['encryptedFileSize(1.5)', () => module.encryptedFileSize(1.5)],
  ['encryptedFileSize(NaN)', () => module.encryptedFileSize(Number.NaN)],
  ['encryptedFileSize("10")', () => module.encryptedFileSize('10' as never)],
];

describe('the crypto module refuses what is not bytes or a size', () => {
  it.each(cryptoCalls)('%s', async (_, call) => {
    let thrown: unknown;
    try {
      await call();
    } catch (error) {
      thrown = error;
    }
    expectTypedError(thrown, 'PNValidationErrorCategory');
  });
});
