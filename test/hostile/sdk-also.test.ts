// What a new user hit (issue 11, "also"): an unreachable service must be reported, not waited on forever; a network
// failure must say why; an abort must keep its reason.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hangingFetch } from '../support/sdk-fake-service.ts';
import { client, expectTypedError, rejection, SECRETS } from './support.ts';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that accepts connections and never answers. */
async function silentPort(): Promise<number> {
  const server = createTcpServer((socket) => sockets.push(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('fileEvents(...).connected when the service cannot be reached', () => {
  it('rejects with PNNetworkIssuesCategory when nothing listens', async () => {
    const pubnub = client({ origin: `127.0.0.1:${await closedPort()}`, ssl: false, requestTimeout: 2_000 });
    const controller = new AbortController();
    const events = pubnub.fileEvents(['room'], { signal: controller.signal });
    const error = expectTypedError(await rejection(events.connected), 'PNNetworkIssuesCategory');
    expect(error.message).toContain('ECONNREFUSED');
    controller.abort();
  });

  it('rejects with PNTimeoutCategory within requestTimeout when the server never answers the handshake', async () => {
    const pubnub = client({ origin: `127.0.0.1:${await silentPort()}`, ssl: false, requestTimeout: 300 });
    const controller = new AbortController();
    const events = pubnub.fileEvents(['room'], { signal: controller.signal });
    expectTypedError(await rejection(events.connected), 'PNTimeoutCategory');
    controller.abort();
  });

  it('tells status listeners the same: the first handshake timing out is reported, not retried in silence', async () => {
    const pubnub = client({ origin: `127.0.0.1:${await silentPort()}`, ssl: false, requestTimeout: 300 });
    const heard = new Promise<string>((resolve) =>
      pubnub.addListener({ status: (status) => resolve(status.category) }),
    );
    pubnub.subscribe({ channels: ['room'] });
    expect(await heard).toBe('PNTimeoutCategory');
    pubnub.unsubscribeAll();
  });
});

describe('network failures say what failed', () => {
  it.each(['listFiles', 'downloadFile', 'deleteFile', 'sendFile'] as const)(
    '%s against a closed port names ECONNREFUSED, and no secret',
    async (method) => {
      const pubnub = client({ origin: `127.0.0.1:${await closedPort()}`, ssl: false, ...SECRETS });
      const params = { channel: 'room', fileId: 'id-1', fileName: 'a.txt', file: 'x' };
      const error = expectTypedError(
        await rejection((pubnub[method] as (p: unknown) => Promise<unknown>).call(pubnub, params)),
        'PNNetworkIssuesCategory',
      );
      expect(error.message).toMatch(/fetch failed: ECONNREFUSED/);
      expect(error.status.errorData).toMatchObject({ code: 'ECONNREFUSED' });
    },
  );

  it('https to a plain-http server (ssl: false forgotten) names the TLS failure', async () => {
    const server = createHttpServer((_, res) => res.end('plain http'));
    servers.push(server as unknown as Server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const pubnub = client({
      origin: `127.0.0.1:${(server.address() as { port: number }).port}`,
      requestTimeout: 5_000,
    });
    const error = expectTypedError(await rejection(pubnub.listFiles({ channel: 'room' })), 'PNNetworkIssuesCategory');
    expect(error.message).toContain('ERR_SSL_WRONG_VERSION_NUMBER');
  });
});

describe('abort(reason) keeps the reason', () => {
  it.each<[string, unknown]>([
    ['an Error', new Error('user left the page')],
    ['a string', 'navigated away'],
  ])('a call aborted mid-request with %s has it as the cause', async (_, reason) => {
    const pubnub = client({ fetch: hangingFetch().fetch });
    const controller = new AbortController();
    const call = pubnub.listFiles({ channel: 'room', signal: controller.signal });
    controller.abort(reason);
    const error = expectTypedError(await rejection(call), 'PNCancelledCategory');
    expect(error.cause).toBe(reason);
  });

  it('a call given an already aborted signal has its reason as the cause', async () => {
    const reason = new Error('too late');
    const error = expectTypedError(
      await rejection(
        client({ fetch: hangingFetch().fetch }).downloadFile({
          channel: 'c',
          fileId: 'i',
          fileName: 'n',
          signal: AbortSignal.abort(reason),
        }),
      ),
      'PNCancelledCategory',
    );
    expect(error.cause).toBe(reason);
  });

  it('a sendFile aborted during its upload has the reason as the cause', async () => {
    const reason = new Error('stop the upload');
    const controller = new AbortController();
    const call = client({ fetch: hangingFetch().fetch }).sendFile({
      channel: 'c',
      fileName: 'a.txt',
      file: 'x',
      signal: controller.signal,
    });
    controller.abort(reason);
    expect(expectTypedError(await rejection(call), 'PNCancelledCategory').cause).toBe(reason);
  });
});
