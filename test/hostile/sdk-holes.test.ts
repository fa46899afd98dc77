// The holes a red-team pass found in the SDK (issue 11, items 1 to 5), each kept closed by a test that fails without
// its fix.
import { describe, expect, it } from 'vitest';
import { CryptoModule } from '../../src/highlevel/crypto/index.ts';
import type { PubNub } from '../../src/highlevel/pubnub.ts';
import type { FileEvent } from '../../src/highlevel/subscribe/file-event.ts';
import { client, expectTypedError, rejection, scriptedSubscribe } from './support.ts';

const LONE = '\ud800';

function fileItem(name: string, timetoken: string, extra: Record<string, unknown> = {}) {
  return {
    a: '1',
    b: 'room',
    c: 'room',
    d: { message: 'hi', file: { id: 'id-1', name } },
    e: 4,
    f: 0,
    i: 'sender',
    k: 'sub-c-hostile',
    p: { t: timetoken, r: 1 },
    ...extra,
  };
}

async function firstEvents(pubnub: PubNub, count: number): Promise<FileEvent[]> {
  const controller = new AbortController();
  const events: FileEvent[] = [];
  for await (const event of pubnub.fileEvents(['room'], { signal: controller.signal })) {
    if (events.push(event) === count) controller.abort();
  }
  return events;
}

describe('hole 1: one published message never stops a subscriber', () => {
  it('turns a name with an unpaired surrogate, an item without `p` and a null item into error events and goes on', async () => {
    const lacksP: Record<string, unknown> = fileItem('ok.txt', '0');
    delete lacksP['p'];
    const fetch = scriptedSubscribe([
      { t: { t: '17000000000000000', r: 1 }, m: [] },
      {
        t: { t: '17000000000000004', r: 1 },
        m: [fileItem(LONE, '17000000000000001'), lacksP, null, fileItem('good.txt', '17000000000000003')],
      },
    ]);
    const events = await firstEvents(client({ fetch }), 3);
    expect(events.map((e) => e.error?.status.category)).toEqual([
      'PNMalformedResponseCategory',
      'PNMalformedResponseCategory',
      undefined,
    ]);
    expect(events[0]).toMatchObject({ channel: 'room', timetoken: '17000000000000001', file: undefined });
    expect(events[0]!.error?.message).toMatch(/unpaired UTF-16 surrogate/);
    expect(events[1]!.error?.message).toMatch(/lacks its channel or timetoken/);
    expect(events[2]).toMatchObject({ timetoken: '17000000000000003', file: { id: 'id-1', name: 'good.txt' } });
  });

  it('keeps a listener client polling after such a message: the next file still arrives', async () => {
    const fetch = scriptedSubscribe([
      { t: { t: '17000000000000000', r: 1 }, m: [] },
      { t: { t: '17000000000000002', r: 1 }, m: [fileItem(LONE, '17000000000000001')] },
      { t: { t: '17000000000000004', r: 1 }, m: [fileItem('after.txt', '17000000000000003')] },
    ]);
    const pubnub = client({ fetch });
    const events: FileEvent[] = [];
    const statuses: string[] = [];
    let done = (): void => {};
    const twoEvents = new Promise<void>((resolve) => (done = resolve));
    pubnub.addListener({
      file: (event) => events.push(event) === 2 && done(),
      status: (status) => statuses.push(status.category),
    });
    pubnub.subscribe({ channels: ['room'] });
    await twoEvents;
    pubnub.unsubscribeAll();
    expect(events[0]!.error?.status.category).toBe('PNMalformedResponseCategory');
    expect(events[1]!.file?.name).toBe('after.txt');
    expect(statuses).toEqual(['PNConnectedCategory', 'PNDisconnectedCategory']);
  });
});

describe('hole 2: addListener refuses what is not a listener', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'listener'],
    ['a function', () => {}],
    ['status as a string', { status: 'x' }],
    ['file as a number', { file: 1 }],
    ['file as null', { file: null }],
  ])('%s: a PNValidationErrorCategory error at once, and no listener is added', (_, listener) => {
    const pubnub = client({ fetch: scriptedSubscribe([]) });
    let thrown: unknown;
    try {
      pubnub.addListener(listener as never);
    } catch (error) {
      thrown = error;
    }
    expectTypedError(thrown, 'PNValidationErrorCategory');
  });
});

const METHODS = ['sendFile', 'listFiles', 'getFileUrl', 'downloadFile', 'deleteFile', 'publishFileMessage'] as const;

describe('hole 3: the six methods reject what is not a params object', () => {
  const cases = METHODS.flatMap((method) =>
    (
      [
        ['null', null],
        ['a number', 42],
        ['a string', 'room'],
        ['a bad signal', { channel: 'room', signal: 'stop' }],
      ] as const
    ).map(([what, params]) => [method, what, params] as const),
  );
  it.each(cases)('%s(%s): a rejected promise with PNValidationErrorCategory, no request', async (method, _, params) => {
    let requests = 0;
    const pubnub = client({ fetch: (async () => (requests++, new Response('{}'))) as typeof fetch });
    const call = (pubnub[method] as (p: unknown) => Promise<unknown>).bind(pubnub);
    let result: Promise<unknown> | undefined;
    expect(() => (result = call(params))).not.toThrow();
    expectTypedError(await rejection(result!), 'PNValidationErrorCategory');
    expect(requests).toBe(0);
  });
});

describe('hole 4: the CryptoModule factories refuse missing options with a validation error', () => {
  it.each<[string, () => unknown]>([
    ['aesCbcCryptoModule()', () => (CryptoModule.aesCbcCryptoModule as (o?: unknown) => unknown)()],
    ['aesCbcCryptoModule(null)', () => (CryptoModule.aesCbcCryptoModule as (o?: unknown) => unknown)(null)],
    ['aesCbcCryptoModule({})', () => (CryptoModule.aesCbcCryptoModule as (o?: unknown) => unknown)({})],
    ['legacyCryptoModule()', () => (CryptoModule.legacyCryptoModule as (o?: unknown) => unknown)()],
    ['legacyCryptoModule(null)', () => (CryptoModule.legacyCryptoModule as (o?: unknown) => unknown)(null)],
    [
      'legacyCryptoModule({ cipherKey: 7 })',
      () => (CryptoModule.legacyCryptoModule as (o?: unknown) => unknown)({ cipherKey: 7 }),
    ],
    [
      'legacyCryptoModule({ useRandomIVs: "no" })',
      () => (CryptoModule.legacyCryptoModule as (o?: unknown) => unknown)({ cipherKey: 'k', useRandomIVs: 'no' }),
    ],
  ])('%s', (_, make) => {
    let thrown: unknown;
    try {
      make();
    } catch (error) {
      thrown = error;
    }
    expectTypedError(thrown, 'PNValidationErrorCategory');
  });
});

describe('hole 5: names no URL can carry are refused before any request', () => {
  const file = { channel: 'room', fileId: 'id-1', fileName: 'a.txt' };
  const calls: Array<[string, (pubnub: PubNub) => Promise<unknown>]> = [
    ['sendFile channel', (p) => p.sendFile({ channel: LONE, fileName: 'a.txt', file: 'x' })],
    ['sendFile fileName', (p) => p.sendFile({ channel: 'room', fileName: `a${LONE}.txt`, file: 'x' })],
    ['sendFile builder channel', (p) => p.sendFile().channel(LONE).fileName('a.txt').fileObject('x').result()],
    ['listFiles channel', (p) => p.listFiles({ channel: `x${LONE}` })],
    ['listFiles next', (p) => p.listFiles({ channel: 'room', next: LONE })],
    ['getFileUrl fileName', (p) => p.getFileUrl({ ...file, fileName: LONE })],
    ['downloadFile fileId', (p) => p.downloadFile({ ...file, fileId: LONE })],
    ['downloadFile channel', (p) => p.downloadFile({ ...file, channel: LONE })],
    ['deleteFile fileName', (p) => p.deleteFile({ ...file, fileName: `\udfff` })],
    ['publishFileMessage fileName', (p) => p.publishFileMessage({ ...file, fileName: LONE })],
  ];
  it.each(calls)('%s: PNValidationErrorCategory, no request', async (_, call) => {
    let requests = 0;
    const pubnub = client({ fetch: (async () => (requests++, new Response('{}'))) as typeof fetch });
    const error = expectTypedError(await rejection(call(pubnub)), 'PNValidationErrorCategory');
    expect(error.message).toMatch(/unpaired UTF-16 surrogate/);
    expect(requests).toBe(0);
  });

  it.each<[string, (pubnub: PubNub) => unknown]>([
    ['fileEvents', (p) => p.fileEvents([LONE])],
    ['subscribe', (p) => p.subscribe({ channels: ['room', LONE] })],
  ])('%s refuses such a channel at once instead of polling forever', (_, call) => {
    let requests = 0;
    const pubnub = client({ fetch: (async () => (requests++, new Response('{}'))) as typeof fetch });
    let thrown: unknown;
    try {
      call(pubnub);
    } catch (error) {
      thrown = error;
    }
    expectTypedError(thrown, 'PNValidationErrorCategory');
    expect(requests).toBe(0);
  });

  it.each(['userId', 'subscribeKey', 'publishKey', 'authKey'])('the constructor refuses such a %s', (option) => {
    let thrown: unknown;
    try {
      client({ [option]: `k${LONE}` });
    } catch (error) {
      thrown = error;
    }
    expectTypedError(thrown, 'PNValidationErrorCategory');
  });
});
