// Subscribe filters (`filter-expr`) end to end: the emulator delivers only the messages that pass, refuses an
// expression that does not parse, and both the official SDK (setFilterExpression) and this SDK (filterExpression)
// get exactly the map files of `meta.kind == "map"`. Non-delivery is shown without timers: the non-matching file is
// published first, so had it been delivered it would have arrived before the matching one.
import PubNubOfficial from 'pubnub';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { isPubNubError } from '../../src/index.ts';
import { conforming, emulatorClient, enc, startTestEmulator, SUB_KEY } from '../support/emulator-harness.ts';
import { listen, recordingFetch, sdkFor } from '../support/sdk-emulator.ts';

type OfficialConfig = ConstructorParameters<typeof PubNubOfficial>[0];

let emulator: RunningEmulator;
const cleanups: Array<() => unknown> = [];

beforeEach(async () => {
  emulator = await startTestEmulator({ subscribeHoldMs: 60_000 });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await emulator.close();
});

describe('the emulator', () => {
  it('answers a poll with only the messages that pass its filter, and keeps holding past the others', async () => {
    const client = emulatorClient(emulator);
    const handshake = await client.subscribe(['maps'], '0');
    const cursor = handshake.body.t.t;
    const filter = `&filter-expr=${enc('meta.kind == "map" && data.file.name LIKE "*.png"')}`;
    await client.publishFile('maps', { file: { id: 'p1', name: 'photo.png' } }, `&meta=${enc('{"kind":"photo"}')}`);
    await client.publishFile('maps', { file: { id: 'm1', name: 'map.txt' } }, `&meta=${enc('{"kind":"map"}')}`);
    await client.publishFile('maps', { file: { id: 'm2', name: 'map.png' } }, `&meta=${enc('{"kind":"map"}')}`);
    const url = `${emulator.url}/v2/subscribe/${SUB_KEY}/maps/0?uuid=u&tt=${cursor}&tr=1${filter}`;
    const answer = await conforming('subscribe', await fetch(url));
    expect(answer.body.m.map((item: { d: { file: { id: string } } }) => item.d.file.id)).toEqual(['m2']);
    expect(answer.body.m[0].u).toEqual({ kind: 'map' });

    // From that cursor nothing else passes: the poll is held until a matching message comes.
    const next = fetch(`${emulator.url}/v2/subscribe/${SUB_KEY}/maps/0?uuid=u&tt=${answer.body.t.t}&tr=1${filter}`);
    await client.publishFile('maps', { file: { id: 'p2', name: 'photo2.png' } }, `&meta=${enc('{"kind":"photo"}')}`);
    await client.publishFile('maps', { file: { id: 'm3', name: 'map3.png' } }, `&meta=${enc('{"kind":"map"}')}`);
    const held = await conforming('subscribe', await next);
    expect(held.body.m.map((item: { d: { file: { id: string } } }) => item.d.file.id)).toEqual(['m3']);
  });

  it.each(['kind == "map"', 'meta.kind = "map"', '(meta.kind == "map"', 'meta.kind'])(
    'refuses %j with a 400 in the core services’ error shape, on the handshake too',
    async (expression) => {
      for (const tt of ['0', '17339246164989106']) {
        const url = `${emulator.url}/v2/subscribe/${SUB_KEY}/maps/0?uuid=u&tt=${tt}&filter-expr=${enc(expression)}`;
        const answer = await conforming('subscribe', await fetch(url));
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ status: 400, error: true, service: 'Balancer' });
        expect(answer.body.message).toMatch(/^Invalid filter expression: .+ at character \d+$/);
      }
    },
  );
});

describe('the official SDK (pubnub@12.0.3)', () => {
  function official(userId: string): PubNubOfficial {
    const pubnub = new PubNubOfficial({
      publishKey: 'pub-c-official',
      subscribeKey: 'sub-c-official',
      userId,
      origin: emulator.origin,
      ssl: false,
    } as OfficialConfig);
    cleanups.push(() => pubnub.destroy());
    return pubnub;
  }

  it('with setFilterExpression(\'meta.kind == "map"\') receives only the map files', async () => {
    const sender = official('sender');
    const receiver = official('receiver');
    receiver.setFilterExpression('meta.kind == "map"');
    const files: PubNubOfficial.Subscription.File[] = [];
    const fileHeard = new Promise<void>((resolve) =>
      receiver.addListener({
        file(event) {
          files.push(event);
          resolve();
        },
      }),
    );
    const connected = new Promise<void>((resolve) =>
      receiver.addListener({
        status(status) {
          if (status.category === PubNubOfficial.CATEGORIES.PNConnectedCategory) resolve();
        },
      }),
    );
    receiver.subscribe({ channels: ['maps'] });
    await connected;

    await sender.sendFile({
      channel: 'maps',
      file: { data: Buffer.from('a photo'), name: 'photo.jpg' },
      meta: { kind: 'photo' },
    });
    const map = await sender.sendFile({
      channel: 'maps',
      file: { data: Buffer.from('a map'), name: 'map.png' },
      meta: { kind: 'map' },
    });
    await fileHeard;
    expect(files.map((event) => event.file?.name)).toEqual(['map.png']);
    expect(files[0]!.timetoken).toBe(map.timetoken);
    expect(files[0]!.userMetadata).toEqual({ kind: 'map' });
    receiver.unsubscribeAll();
  });
});

describe('this SDK', () => {
  it('sends filterExpression as filter-expr on every poll and receives only the map files', async () => {
    const sender = sdkFor(emulator, { userId: 'sender' });
    const recorded = recordingFetch();
    const receiver = sdkFor(emulator, {
      userId: 'receiver',
      fetch: recorded.fetch,
      filterExpression: 'meta.kind == "map"',
    });
    cleanups.push(() => receiver.unsubscribeAll());
    const heard = listen(receiver);
    receiver.subscribe({ channels: ['maps'] });
    await heard.waitForStatus('PNConnectedCategory');

    await sender.sendFile({ channel: 'maps', fileName: 'photo.jpg', file: 'a photo', meta: { kind: 'photo' } });
    const map = await sender.sendFile({ channel: 'maps', fileName: 'map.png', file: 'a map', meta: { kind: 'map' } });
    const [event] = await heard.waitForEvents(1);
    expect(event).toMatchObject({ timetoken: map.timestamp, userMetadata: { kind: 'map' }, file: { name: 'map.png' } });
    // The poll after the delivery is open too: wait for it, then check every poll carried the filter.
    await recorded.until(() => recorded.polls().length >= 3);
    expect(heard.events).toHaveLength(1);
    for (const poll of recorded.polls()) expect(poll.url.searchParams.get('filter-expr')).toBe('meta.kind == "map"');
    // A1 encoding on the wire: the space, quotes and `=` all escaped.
    expect(recorded.polls()[0]!.url.search).toContain('filter-expr=meta.kind%20%3D%3D%20%22map%22');
  });

  it('reports an expression the service refuses as a bad request that ends the subscription', async () => {
    const receiver = sdkFor(emulator, { userId: 'receiver', filterExpression: 'kind == "map"' });
    cleanups.push(() => receiver.unsubscribeAll());
    const heard = listen(receiver);
    receiver.subscribe({ channels: ['maps'] });
    const status = await heard.waitForStatus('PNBadRequestCategory');
    expect(status).toMatchObject({ error: true, statusCode: 400, operation: 'PNSubscribeOperation' });
  });

  it('refuses an empty or non-string filterExpression when constructed', () => {
    for (const filterExpression of ['', 42]) {
      try {
        sdkFor(emulator, { filterExpression: filterExpression as string });
        expect.unreachable();
      } catch (error) {
        expect(isPubNubError(error) && error.status.category).toBe('PNValidationErrorCategory');
      }
    }
  });
});
