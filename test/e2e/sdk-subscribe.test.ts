// File events through this SDK's subscribe loop against a real emulator: fan-out to listeners and iterators,
// decryption failures that do not stop the loop, channel changes that keep the cursor, prompt stops, refusals,
// and reconnecting to an emulator restarted on the same port.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { CryptoModule, type PubNub } from '../../src/index.ts';
import { emulatorClient, enc, PUB_KEY, startTestEmulator, SUB_KEY } from '../support/emulator-harness.ts';
import { listen, recordingFetch, sdkFor } from '../support/sdk-emulator.ts';

let emulator: RunningEmulator;
let sender: PubNub;
const cleanups: Array<() => unknown> = [];

beforeEach(async () => {
  emulator = await startTestEmulator();
  sender = sdkFor(emulator, { userId: 'sender' });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await emulator.close();
});

/** A listener-API subscriber, unsubscribed after the test. */
function subscriber(options: Parameters<typeof sdkFor>[1] = {}) {
  const recorded = recordingFetch();
  const pubnub = sdkFor(emulator, { userId: 'receiver', fetch: recorded.fetch, ...options });
  cleanups.push(() => pubnub.unsubscribeAll());
  return { pubnub, heard: listen(pubnub), ...recorded };
}

const tt = (url: URL) => url.searchParams.get('tt');
const channelsOf = (url: URL) => decodeURIComponent(url.pathname.split('/')[4]!);

describe('listeners', () => {
  it('deliver one file event to each of two subscribers, with every field', async () => {
    const one = subscriber({ userId: 'one' });
    const two = subscriber({ userId: 'two' });
    one.pubnub.subscribe({ channels: ['maps'] });
    two.pubnub.subscribe().channels(['maps', 'other']).execute();
    expect(await one.heard.waitForStatus('PNConnectedCategory')).toEqual({
      error: false,
      category: 'PNConnectedCategory',
      operation: 'PNSubscribeOperation',
      subscribedChannels: ['maps'],
    });
    await two.heard.waitForStatus('PNConnectedCategory');

    const sent = await sender.sendFile({
      channel: 'maps',
      fileName: 'grail map.png',
      file: 'x marks the spot',
      message: { note: 'north' },
      meta: { kind: 'map' },
      customMessageType: 'file-share',
    });
    const { fileUrl } = await sender.getFileUrl({ channel: 'maps', fileId: sent.fileId, fileName: sent.name });
    for (const { heard } of [one, two]) {
      const [event] = await heard.waitForEvents(1);
      expect(event).toEqual({
        channel: 'maps',
        subscription: 'maps',
        timetoken: sent.timestamp,
        publisher: 'sender',
        userMetadata: { kind: 'map' },
        customMessageType: 'file-share',
        message: { note: 'north' },
        // Built by getFileUrl for the subscriber: its own uuid, no request id.
        file: {
          id: sent.fileId,
          name: 'grail map.png',
          url: fileUrl.replace('uuid=sender', `uuid=${heard === one.heard ? 'one' : 'two'}`),
        },
      });
    }

    // A removed listener hears nothing more; the other still does.
    one.pubnub.removeListener(one.heard.listener);
    const second = await sender.publishFileMessage({ channel: 'maps', fileId: sent.fileId, fileName: sent.name });
    expect((await two.heard.waitForEvents(2))[1]!.timetoken).toBe(second.timestamp);
    expect(one.heard.events).toHaveLength(1);
  });

  it('skip plain messages (no e) and deliver the file events around them', async () => {
    const { pubnub, heard } = subscriber();
    pubnub.subscribe({ channels: ['mixed'] });
    await heard.waitForStatus('PNConnectedCategory');
    const plain = await fetch(
      `${emulator.url}/publish/${PUB_KEY}/${SUB_KEY}/0/mixed/0/${enc(JSON.stringify({ text: 'not a file' }))}?uuid=raw`,
    );
    expect(plain.status).toBe(200);
    const sent = await sender.sendFile({ channel: 'mixed', fileName: 'f.txt', file: 'f' });
    const [event] = await heard.waitForEvents(1);
    expect(event!.timetoken).toBe(sent.timestamp);
    expect(heard.events).toHaveLength(1);
  });

  it('turn an undecryptable message into an event with error, and keep the loop going', async () => {
    const wrongKey = subscriber({ userId: 'wrong-key', cipherKey: 'not the sender key' });
    const noKey = subscriber({ userId: 'no-key' });
    for (const { pubnub, heard } of [wrongKey, noKey]) {
      pubnub.subscribe({ channels: ['secret'] });
      await heard.waitForStatus('PNConnectedCategory');
    }
    const encrypting = sdkFor(emulator, {
      userId: 'encrypting',
      cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: 'the sender key' }),
    });
    const secret = await encrypting.sendFile({
      channel: 'secret',
      fileName: 'plans.txt',
      file: 'attack at dawn',
      message: 'hush',
    });
    const open = await sender.sendFile({ channel: 'secret', fileName: 'menu.txt', file: 'spam', message: 'lunch' });

    for (const { heard } of [wrongKey, noKey]) {
      const [failed, next] = await heard.waitForEvents(2);
      expect(failed).toMatchObject({
        channel: 'secret',
        timetoken: secret.timestamp,
        publisher: 'encrypting',
        message: undefined,
        file: undefined,
      });
      expect(failed!.error?.status).toMatchObject({
        category: 'PNDecryptionErrorCategory',
        operation: 'PNSubscribeOperation',
      });
      expect(failed!.error?.message).toMatch(
        heard === noKey.heard ? /no cipherKey or cryptoModule/ : /could not be decrypted/,
      );
      // An unencrypted file message is read as it is, whatever key the subscriber holds.
      expect(next).toMatchObject({
        timetoken: open.timestamp,
        message: 'lunch',
        file: { id: open.fileId, name: 'menu.txt' },
      });
      expect(next!.error).toBeUndefined();
    }
    expect(wrongKey.heard.statuses.map((s) => s.category)).toEqual(['PNConnectedCategory']);
  });

  it('turn a file message whose name no URL can carry into an event with error, and keep the loop going', async () => {
    const { pubnub, heard } = subscriber();
    pubnub.subscribe({ channels: ['odd'] });
    await heard.waitForStatus('PNConnectedCategory');
    // Another client (or a raw publish) may name a file "..": no file URL can be built for it.
    const odd = await emulatorClient(emulator).publishFile('odd', { message: 'up', file: { id: 'id-1', name: '..' } });
    expect(odd.status).toBe(200);
    const open = await sender.sendFile({ channel: 'odd', fileName: 'fine.txt', file: 'fine' });

    const [failed, next] = await heard.waitForEvents(2);
    expect(failed).toMatchObject({ channel: 'odd', timetoken: odd.body[2], message: undefined, file: undefined });
    expect(failed!.error?.status).toMatchObject({
      category: 'PNMalformedResponseCategory',
      operation: 'PNSubscribeOperation',
    });
    expect(failed!.error?.message).toMatch(/no file URL can be built for it \(Invalid fileName "\.\."/);
    expect(next).toMatchObject({ timetoken: open.timestamp, file: { id: open.fileId, name: 'fine.txt' } });
    expect(heard.statuses.map((s) => s.category)).toEqual(['PNConnectedCategory']);
  });

  it('move the held poll to the new channel list with the same timetoken, and deliver on the added channel', async () => {
    const { pubnub, heard, polls, until } = subscriber();
    pubnub.subscribe({ channels: ['first'] });
    await heard.waitForStatus('PNConnectedCategory');
    await until(() => polls().length === 2);
    const held = polls()[1]!;
    expect(channelsOf(held.url)).toBe('first');
    expect(tt(held.url)).toMatch(/^\d{17}$/);

    pubnub.subscribe({ channels: ['second ch/ü'] });
    expect(held.signal.aborted).toBe(true);
    await until(() => polls().length === 3);
    expect(channelsOf(polls()[2]!.url)).toBe('first,second ch/ü');
    expect(tt(polls()[2]!.url)).toBe(tt(held.url));

    const sent = await sender.sendFile({ channel: 'second ch/ü', fileName: 'x', file: 'x' });
    expect((await heard.waitForEvents(1))[0]).toMatchObject({ channel: 'second ch/ü', timetoken: sent.timestamp });

    // The loop polls on from the event's timetoken: wait for that poll to go out, so the next one is the unsubscribe's.
    await until(() => tt(polls().at(-1)!.url) === sent.timestamp);
    const pollsBefore = polls().length;
    pubnub.unsubscribe({ channels: ['first'] });
    await until(() => polls().length === pollsBefore + 1);
    expect(channelsOf(polls().at(-1)!.url)).toBe('second ch/ü');
    expect(tt(polls().at(-1)!.url)).toBe(sent.timestamp);
    // Subscribing to what is already subscribed changes nothing: the held poll stays.
    pubnub.subscribe({ channels: ['second ch/ü'] });
    expect(polls().at(-1)!.signal.aborted).toBe(false);
  });

  it('unsubscribeAll aborts the held poll at once and reports the disconnect; a new subscribe starts afresh', async () => {
    const { pubnub, heard, polls, until } = subscriber();
    pubnub.subscribe({ channels: ['quiet'] });
    await heard.waitForStatus('PNConnectedCategory');
    await until(() => polls().length === 2);

    pubnub.unsubscribeAll();
    expect(polls()[1]!.signal.aborted).toBe(true);
    expect(heard.statuses.at(-1)).toEqual({
      error: false,
      category: 'PNDisconnectedCategory',
      operation: 'PNSubscribeOperation',
      subscribedChannels: ['quiet'],
    });
    // Nothing published after the stop reaches the listener; the next subscribe is a new handshake.
    await sender.sendFile({ channel: 'quiet', fileName: 'late.txt', file: 'late' });
    pubnub.subscribe({ channels: ['quiet'] });
    await until(() => polls().length === 3);
    expect(tt(polls()[2]!.url)).toBe('0');
    await heard.waitForStatus('PNConnectedCategory', 2);
    expect(heard.events).toEqual([]);
    pubnub.unsubscribe({ channels: ['quiet'] });
    expect(heard.statuses.at(-1)?.category).toBe('PNDisconnectedCategory');
  });

  it('refuse an empty channel list before any request', () => {
    const { pubnub, requests } = subscriber();
    for (const call of [
      () => pubnub.subscribe({ channels: [] }),
      () => pubnub.subscribe().channels(['ok', '']).execute(),
      () => pubnub.fileEvents([]),
    ]) {
      expect(call).toThrow(
        expect.objectContaining({ status: expect.objectContaining({ category: 'PNValidationErrorCategory' }) }),
      );
    }
    expect(requests).toEqual([]);
  });
});

describe('fileEvents', () => {
  it('is independent of the listeners: both get the event, and stopping one leaves the other', async () => {
    const { pubnub, heard } = subscriber();
    pubnub.subscribe({ channels: ['shared'] });
    const stop = new AbortController();
    const events = pubnub.fileEvents(['shared'], { signal: stop.signal });
    await Promise.all([heard.waitForStatus('PNConnectedCategory'), events.connected]);

    const first = await sender.sendFile({ channel: 'shared', fileName: 'a.txt', file: 'a', message: 1 });
    expect((await events.next()).value).toMatchObject({ timetoken: first.timestamp, message: 1 });
    expect((await heard.waitForEvents(1))[0]).toMatchObject({ timetoken: first.timestamp, message: 1 });

    pubnub.unsubscribeAll();
    const second = await sender.sendFile({ channel: 'shared', fileName: 'b.txt', file: 'b', message: 2 });
    expect((await events.next()).value).toMatchObject({ timetoken: second.timestamp, message: 2 });

    pubnub.subscribe({ channels: ['shared'] });
    await heard.waitForStatus('PNConnectedCategory', 2);
    stop.abort();
    expect(await events.next()).toEqual({ done: true, value: undefined });
    const third = await sender.sendFile({ channel: 'shared', fileName: 'c.txt', file: 'c', message: 3 });
    expect((await heard.waitForEvents(2))[1]).toMatchObject({ timetoken: third.timestamp, message: 3 });
  });

  it('leaving a for-await loop with break aborts its held poll', async () => {
    const { pubnub, polls, openPolls, until } = subscriber();
    const events = pubnub.fileEvents(['brief']);
    await events.connected;
    const sent = await sender.sendFile({ channel: 'brief', fileName: 'once.txt', file: 'once' });
    for await (const event of events) {
      expect(event.file?.id).toBe(sent.fileId);
      break;
    }
    expect(openPolls()).toEqual([]);
    expect(await events.next()).toEqual({ done: true, value: undefined });
    await until(() => polls().every((p) => p.settled));
    expect(polls().length).toBeGreaterThanOrEqual(2);
  });

  it('return() before the first next() ends the poll too', async () => {
    const { pubnub, openPolls, until } = subscriber();
    const events = pubnub.fileEvents(['unread']);
    await events.connected;
    await until(() => openPolls().length === 1);
    expect(await events.return()).toEqual({ done: true, value: undefined });
    expect(openPolls()).toEqual([]);
  });

  it('aborting its signal while a poll is held ends the iteration and the poll', async () => {
    const { pubnub, openPolls, until } = subscriber();
    const stop = new AbortController();
    const events = pubnub.fileEvents(['idle'], { signal: stop.signal });
    await events.connected;
    await until(() => openPolls().length === 1);
    const waiting = events.next();
    stop.abort();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(openPolls()).toEqual([]);
  });

  it('starts polling when called, so a file shared before the first next() is delivered', async () => {
    const stop = new AbortController();
    const events = sdkFor(emulator, { userId: 'eager' }).fileEvents(['early'], { signal: stop.signal });
    cleanups.push(() => stop.abort());
    await events.connected;
    const sent = await sender.sendFile({ channel: 'early', fileName: 'e.txt', file: 'e' });
    expect((await events.next()).value?.file?.id).toBe(sent.fileId);
  });

  it('with an already aborted signal ends at once without a request', async () => {
    const { pubnub, requests } = subscriber();
    const events = pubnub.fileEvents(['never'], { signal: AbortSignal.abort() });
    expect(await events.next()).toEqual({ done: true, value: undefined });
    await expect(events.connected).rejects.toMatchObject({ status: { category: 'PNCancelledCategory' } });
    expect(requests).toEqual([]);
  });
});

describe('refusals and failures', () => {
  it('a 403 stops the loop with a status (listener) or an error (iterator), without retrying', async () => {
    await emulator.close();
    emulator = await startTestEmulator({ secretKey: 'sec-c-right', publishKey: PUB_KEY });
    const { pubnub, heard, polls } = subscriber({ secretKey: 'sec-c-wrong' });
    pubnub.subscribe({ channels: ['locked'] });
    const refused = await heard.waitForStatus('PNAccessDeniedCategory');
    expect(refused).toMatchObject({
      error: true,
      statusCode: 403,
      operation: 'PNSubscribeOperation',
      subscribedChannels: ['locked'],
    });
    expect(JSON.stringify(refused)).not.toContain('sec-c-');
    expect(polls()).toHaveLength(1);
    // Subscribing again to the same channel is the way to try again after a refusal.
    pubnub.subscribe({ channels: ['locked'] });
    await heard.waitForStatus('PNAccessDeniedCategory', 1);
    expect(polls()).toHaveLength(2);

    const events = pubnub.fileEvents(['locked']);
    await expect(events.connected).rejects.toMatchObject({
      status: { category: 'PNAccessDeniedCategory', statusCode: 403 },
    });
    await expect(events.next()).rejects.toMatchObject({ status: { category: 'PNAccessDeniedCategory' } });
    expect(polls()).toHaveLength(3);
    expect(heard.statuses.map((s) => s.category)).toEqual(['PNAccessDeniedCategory', 'PNAccessDeniedCategory']);
  });

  it('retries a server error and an answer that is not a subscribe response, reporting each outage once', async () => {
    const faults = [
      () =>
        new Response(
          JSON.stringify({ status: 500, error: { message: 'Internal error', source: 'subscribe', code: 500 } }),
          { status: 500 },
        ),
      () =>
        new Response('<html>Sign in to the hotel Wi-Fi</html>', {
          status: 200,
          headers: { 'Content-Type': 'text/html' },
        }),
    ];
    // Held polls (not handshakes) get the faults, in order; everything else reaches the emulator.
    const faulty = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const fault = url.pathname.startsWith('/v2/subscribe/') && tt(url) !== '0' ? faults.shift() : undefined;
      return fault === undefined ? fetch(request) : Promise.resolve(fault());
    };
    // The waits are not what this test is about: skipped, rather than the 1 s reconnect floor slept twice.
    const noWait = async () => {};
    const pubnub = sdkFor(emulator, {
      userId: 'unlucky',
      fetch: faulty as typeof fetch,
      retryPolicy: { sleep: noWait },
    });
    cleanups.push(() => pubnub.unsubscribeAll());
    const heard = listen(pubnub);
    pubnub.subscribe({ channels: ['bumpy'] });
    await heard.waitForStatus('PNReconnectedCategory', 3);
    expect(heard.statuses.map((s) => [s.category, s.error, s.statusCode])).toEqual([
      ['PNConnectedCategory', false, undefined],
      ['PNServerErrorCategory', true, 500],
      ['PNReconnectedCategory', false, undefined],
      ['PNMalformedResponseCategory', true, undefined],
      ['PNReconnectedCategory', false, undefined],
    ]);
    const sent = await sender.sendFile({ channel: 'bumpy', fileName: 'ok.txt', file: 'ok' });
    expect((await heard.waitForEvents(1))[0]?.timetoken).toBe(sent.timestamp);
  });

  it('waits out an HTTP 408 with backoff like any failure, not re-polling at once', async () => {
    let faults = 1;
    const faulty = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      if (url.pathname.startsWith('/v2/subscribe/') && tt(url) !== '0' && faults-- > 0) {
        return Promise.resolve(
          new Response('<html>Request Timeout</html>', { status: 408, headers: { 'Content-Type': 'text/html' } }),
        );
      }
      return fetch(request);
    };
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const pubnub = sdkFor(emulator, {
      userId: 'proxied',
      fetch: faulty as typeof fetch,
      retryPolicy: { baseDelayMs: 3000, random: () => 0, sleep },
    });
    cleanups.push(() => pubnub.unsubscribeAll());
    const heard = listen(pubnub);
    pubnub.subscribe({ channels: ['behind-a-proxy'] });
    await heard.waitForStatus('PNReconnectedCategory');
    expect(heard.statuses.map((s) => [s.category, s.statusCode])).toEqual([
      ['PNConnectedCategory', undefined],
      ['PNTimeoutCategory', 408],
      ['PNReconnectedCategory', undefined],
    ]);
    expect(waits).toEqual([1500]);
  });

  it('reconnects with backoff to an emulator restarted on the same port, then polls from its kept cursor', async () => {
    // The policy's own dice and sleep, recorded: the waits must grow exponentially, half of each one random. Each is
    // slept for at most 20 ms, not the seconds asked for (the loop waits at least 1 s between reconnects).
    const waits: number[] = [];
    let fiveWaits = (): void => {};
    const waitedFiveTimes = new Promise<void>((resolve) => (fiveWaits = resolve));
    const sleep = (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        if (waits.push(ms) === 5) fiveWaits();
        const timer = setTimeout(resolve, Math.min(ms, 20));
        signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      });
    const retryPolicy = { baseDelayMs: 2000, maxDelayMs: 16_000, random: () => 0.5, sleep };
    const { pubnub, heard, polls, until } = subscriber({ retryPolicy });
    pubnub.subscribe({ channels: ['phoenix'] });
    await heard.waitForStatus('PNConnectedCategory');
    await until(() => polls().length === 2);
    const cursor = tt(polls()[1]!.url);
    const port = Number(new URL(emulator.url).port);

    await emulator.close();
    const issue = await heard.waitForStatus('PNNetworkIssuesCategory');
    expect(issue).toMatchObject({ error: true, operation: 'PNSubscribeOperation', subscribedChannels: ['phoenix'] });

    await waitedFiveTimes;
    emulator = await startTestEmulator({ port });
    expect(await heard.waitForStatus('PNReconnectedCategory')).toMatchObject({
      error: false,
      subscribedChannels: ['phoenix'],
    });
    // One network-issue status for the whole outage, however many retries it took.
    expect(heard.statuses.map((s) => s.category)).toEqual([
      'PNConnectedCategory',
      'PNNetworkIssuesCategory',
      'PNReconnectedCategory',
    ]);
    // 3/4 of 2, 4, 8, 16, then capped at 16 s.
    expect(waits.slice(0, 5)).toEqual([1500, 3000, 6000, 12_000, 12_000]);

    const sent = await sdkFor(emulator, { userId: 'sender' }).sendFile({
      channel: 'phoenix',
      fileName: 'risen.txt',
      file: 'again',
    });
    expect((await heard.waitForEvents(1))[0]).toMatchObject({ timetoken: sent.timestamp, file: { id: sent.fileId } });
    // The probe after the outage was a handshake; the poll after it went on from the cursor held before.
    const afterProbe = polls().findLastIndex((p) => tt(p.url) === '0');
    expect(afterProbe).toBeGreaterThan(0);
    expect(tt(polls()[afterProbe + 1]!.url)).toBe(cursor);
  });
});
