import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { subscribeHubOf } from '../../src/emulator/server.ts';
import { SubscribeHub } from '../../src/emulator/subscribe-hub.ts';
import {
  conforming,
  emulatorClient,
  enc,
  PUB_KEY,
  startTestEmulator,
  SUB_KEY,
  USER,
} from '../support/emulator-harness.ts';

let emulator: RunningEmulator;
let client: ReturnType<typeof emulatorClient>;

beforeEach(async () => {
  emulator = await startTestEmulator({ subscribeHoldMs: 60_000 });
  client = emulatorClient(emulator);
});
afterEach(() => emulator.close());

describe('subscribe', () => {
  it('answers tt=0 at once with a cursor and no messages', async () => {
    const { body } = await client.subscribe(['maps'], '0');
    expect(body.m).toEqual([]);
    expect(body.t.t).toMatch(/^\d{17}$/);
    expect(typeof body.t.r).toBe('number');
  });

  it('delivers a file message to two subscribers as a type-4 item with every field', async () => {
    const cursors = await Promise.all([client.subscribe(['maps'], '0'), client.subscribe(['maps', 'other'], '0')]);
    const polls = cursors.map(({ body }, i) => client.subscribe(i === 0 ? ['maps'] : ['other', 'maps'], body.t.t));
    const file = { id: '740ff3c3-6e0e-4849-801b-995dec393bca', name: 'king arthur.txt' };
    const published = await client.publishFile(
      'maps',
      { message: { text: 'hi' }, file },
      `&meta=${enc('{"kind":"map"}')}&custom_message_type=file-share`,
    );
    const timetoken = published.body[2];

    for (const poll of await Promise.all(polls)) {
      expect(poll.body.t.t).toBe(timetoken);
      expect(poll.body.m).toEqual([
        {
          a: expect.any(String),
          f: 0,
          e: 4,
          i: USER,
          p: { t: timetoken, r: poll.body.t.r },
          k: SUB_KEY,
          c: 'maps',
          u: { kind: 'map' },
          cmt: 'file-share',
          d: { message: { text: 'hi' }, file },
        },
      ]);
    }
  });

  it('passes an encrypted file message through as its base64 string', async () => {
    const { body } = await client.subscribe(['secret'], '0');
    const poll = client.subscribe(['secret'], body.t.t);
    await client.publishFile('secret', 'a25pZ2h0c29mbmkxMjM0NRV4jkZbYJKJ');
    expect((await poll).body.m[0]).toMatchObject({ e: 4, d: 'a25pZ2h0c29mbmkxMjM0NRV4jkZbYJKJ' });
  });

  it('returns messages published after the cursor at once, in order, only for its channels', async () => {
    const { body } = await client.subscribe(['a', 'b'], '0');
    await client.publishFile('a', { file: { id: '1', name: 'one' } });
    await client.publishFile('elsewhere', { file: { id: '2', name: 'two' } });
    await client.publishFile('b', { file: { id: '3', name: 'three' } });
    const caught = await client.subscribe(['a', 'b'], body.t.t);
    expect(caught.body.m.map((m) => [m.c, (m.d as { file: { id: string } }).file.id])).toEqual([
      ['a', '1'],
      ['b', '3'],
    ]);
    expect(caught.body.t.t).toBe(caught.body.m[1]?.p.t);
  });

  it('delivers a message published in the same instant as the handshake', async () => {
    const fixed = Date.parse('2026-06-01T00:00:00Z');
    await emulator.close();
    emulator = await startTestEmulator({ now: () => fixed, subscribeHoldMs: 60_000 });
    client = emulatorClient(emulator);
    const { body } = await client.subscribe(['same'], '0');
    const published = await client.publishFile('same', { file: { id: '1', name: 'n' } });
    expect(BigInt(published.body[2]) > BigInt(body.t.t)).toBe(true);
    expect((await client.subscribe(['same'], body.t.t)).body.m).toHaveLength(1);
  });

  it('after the hold time answers with no messages and the same cursor', async () => {
    await emulator.close();
    emulator = await startTestEmulator({ subscribeHoldMs: 50 });
    client = emulatorClient(emulator);
    const { body } = await client.subscribe(['quiet'], '0');
    const idle = await client.subscribe(['quiet'], body.t.t);
    expect(idle.body).toEqual({ t: { t: body.t.t, r: body.t.r }, m: [] });
  });

  it('releases held polls when the emulator closes', async () => {
    const { body } = await client.subscribe(['held'], '0');
    const poll = client.subscribe(['held'], body.t.t);
    await subscribeHubOf(emulator).until(({ held }) => held === 1);
    await emulator.close();
    expect((await poll).body.m).toEqual([]);
  });

  it('forgets a poll as soon as its client is gone, even one queued behind another poll on the connection', async () => {
    const hub = subscribeHubOf(emulator);
    const { body } = await client.subscribe(['raw'], '0');
    const poll = `GET /v2/subscribe/${SUB_KEY}/raw/0?uuid=${USER}&tt=${body.t.t} HTTP/1.1\r\nHost: ${emulator.origin}\r\n\r\n`;
    const socket = connect(Number(new URL(emulator.url).port), '127.0.0.1');
    await once(socket, 'connect');
    // Pipelined: Node hands the second response the connection only after the first, so only the socket tells the
    // second poll that its client closed.
    socket.end(poll + poll);
    await hub.until(({ received, held }) => received === 2 && held === 0);
  });

  it('holds a dozen polls pipelined on one connection without a listener-leak warning, and releases them all', async () => {
    const hub = subscribeHubOf(emulator);
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { body } = await client.subscribe(['raw'], '0');
      const poll = `GET /v2/subscribe/${SUB_KEY}/raw/0?uuid=${USER}&tt=${body.t.t} HTTP/1.1\r\nHost: ${emulator.origin}\r\n\r\n`;
      const socket = connect(Number(new URL(emulator.url).port), '127.0.0.1');
      await once(socket, 'connect');
      socket.write(poll.repeat(12));
      await hub.until(({ held }) => held === 12);
      socket.destroy();
      await hub.until(({ held }) => held === 0);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it('does not hold a poll whose client was gone before the poll reached the hub', async () => {
    const hub = new SubscribeHub(60_000);
    const gone = new AbortController();
    gone.abort();
    expect(await hub.poll(SUB_KEY, ['late'], '17000000000000000', gone.signal)).toEqual({
      timetoken: '17000000000000000',
      messages: [],
    });
    await hub.until(({ received, held }) => received === 1 && held === 0);
  });

  it('delivers plain publishes as items without e', async () => {
    const { body } = await client.subscribe(['chat'], '0');
    const poll = client.subscribe(['chat'], body.t.t);
    const sent = await fetch(
      `${emulator.url}/publish/${PUB_KEY}/${SUB_KEY}/0/chat/0/${enc('{"text":"hello"}')}?uuid=${USER}`,
    );
    expect(await sent.json()).toEqual([1, 'Sent', expect.stringMatching(/^\d{17}$/)]);
    const item = (await poll).body.m[0];
    expect(item).toMatchObject({ c: 'chat', d: { text: 'hello' }, i: USER });
    expect(item).not.toHaveProperty('e');
  });

  it('answers the presence leave and heartbeat a subscribing SDK sends on its own', async () => {
    for (const action of ['leave', 'heartbeat']) {
      const response = await fetch(
        `${emulator.url}/v2/presence/sub-key/${SUB_KEY}/channel/${enc('a,b')}/${action}?uuid=${USER}`,
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 200, message: 'OK', service: 'Presence' });
    }
  });

  it.each([
    ['no uuid', `tt=0`],
    ['a malformed tt', `uuid=u&tt=12abc`],
  ])('refuses %s', async (_, query) => {
    const answer = await conforming(
      'subscribe',
      await fetch(`${emulator.url}/v2/subscribe/${SUB_KEY}/maps/0?${query}`),
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 400, error: true });
  });
});
