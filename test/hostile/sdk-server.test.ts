// The SDK against a hostile server on loopback: every kind of broken answer, for every operation that makes a
// request. What must hold: the call settles (bounded by the timeouts) with a typed PubNubError or a clean result,
// never an uncaught exception, never short bytes, never a configured secret in the error.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PubNub } from '../../src/highlevel/pubnub.ts';
import { client, expectTypedError, SECRETS } from './support.ts';

type Behaviour = (req: IncomingMessage, res: ServerResponse, socket: Socket) => void;

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const behaviours: Record<
  string,
  { act: Behaviour; outcome: 'error' | 'either'; category?: string; requestsAtMost?: number; succeeds?: string[] }
> = {
  'invalid JSON': {
    act: (_, res) => res.writeHead(200, JSON_HEADERS).end('{"status":200,"data":[{'),
    outcome: 'either',
  },
  'an HTML error page (502)': {
    act: (_, res) =>
      res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>'),
    outcome: 'error',
    category: 'PNServerErrorCategory',
  },
  'an HTML page with 200 (captive portal)': {
    act: (_, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Please log in to the Wi-Fi</body></html>'),
    outcome: 'either',
  },
  'a truncated body (Content-Length 500, 20 sent)': {
    act: (_, res, socket) => {
      res.writeHead(200, { ...JSON_HEADERS, 'Content-Length': '500' });
      res.write('{"status":200,"data":');
      setTimeout(() => socket.destroy(), 20);
    },
    outcome: 'error',
  },
  'a connection reset mid-body': {
    act: (_, res, socket) => {
      res.writeHead(200, JSON_HEADERS);
      res.write('{"status":200,"da');
      setTimeout(() => socket.resetAndDestroy(), 20);
    },
    outcome: 'error',
  },
  'a reset before any answer': {
    act: (_, __, socket) => socket.resetAndDestroy(),
    outcome: 'error',
    category: 'PNNetworkIssuesCategory',
  },
  'a redirect loop': { act: (req, res) => res.writeHead(302, { Location: req.url ?? '/' }).end(), outcome: 'error' },
  'a redirect to a closed port': {
    act: (_, res) => res.writeHead(307, { Location: 'http://127.0.0.1:1/x' }).end(),
    outcome: 'error',
  },
  'a body that stalls after the headers': {
    act: (_, res) => {
      res.writeHead(200, JSON_HEADERS);
      res.write('{"status":');
    },
    outcome: 'error',
    category: 'PNTimeoutCategory',
  },
  'no answer at all': { act: () => {}, outcome: 'error', category: 'PNTimeoutCategory' },
  'a Retry-After of a year (429)': {
    act: (_, res) =>
      res
        .writeHead(429, { ...JSON_HEADERS, 'Retry-After': '31536000' })
        .end('{"status":429,"error":{"message":"slow down"}}'),
    outcome: 'error',
    category: 'PNTooManyRequestsCategory',
    requestsAtMost: 1,
  },
  'a garbage Retry-After (503)': {
    act: (_, res) => res.writeHead(503, { 'Retry-After': 'soon, maybe?!' }).end(),
    outcome: 'error',
    category: 'PNServerErrorCategory',
  },
  'a Retry-After of 1e400 (503)': {
    act: (_, res) => res.writeHead(503, { 'Retry-After': '1e400' }).end(),
    outcome: 'error',
    category: 'PNServerErrorCategory',
    requestsAtMost: 1,
  },
  'a negative Retry-After (429)': {
    act: (_, res) => res.writeHead(429, { 'Retry-After': '-5' }).end(),
    outcome: 'error',
    category: 'PNTooManyRequestsCategory',
  },
  'an empty 200': { act: (_, res) => res.writeHead(200, JSON_HEADERS).end(), outcome: 'either' },
  'JSON null': { act: (_, res) => res.writeHead(200, JSON_HEADERS).end('null'), outcome: 'either' },
  'a JSON array where an object belongs': {
    act: (_, res) => res.writeHead(200, JSON_HEADERS).end('[1,2,3]'),
    outcome: 'either',
  },
  // A downloaded file may hold any bytes, this JSON text too: only the API calls must read it as an error.
  'a 200 whose JSON says 500': {
    act: (_, res) => res.writeHead(200, JSON_HEADERS).end('{"status":500,"error":{"message":"oops"}}'),
    outcome: 'error',
    category: 'PNServerErrorCategory',
    succeeds: ['downloadFile'],
  },
  'an error body echoing the request URL and the secrets': {
    act: (req, res) =>
      res.writeHead(400, JSON_HEADERS).end(
        JSON.stringify({
          status: 400,
          error: { message: `bad request ${req.url} for ${SECRETS.authKey} ${SECRETS.secretKey}` },
        }),
      ),
    outcome: 'error',
    category: 'PNBadRequestCategory',
  },
  'a 403 with S3 XML echoing a signature': {
    act: (_, res) =>
      res
        .writeHead(403, { 'Content-Type': 'application/xml' })
        .end(
          `<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message><SignatureProvided>${SECRETS.secretKey}</SignatureProvided></Error>`,
        ),
    outcome: 'error',
    category: 'PNAccessDeniedCategory',
  },
  'a gzip Content-Encoding over plain bytes': {
    act: (_, res) => res.writeHead(200, { ...JSON_HEADERS, 'Content-Encoding': 'gzip' }).end('not gzip at all'),
    outcome: 'error',
  },
  'binary garbage with a JSON type': {
    act: (_, res) => res.writeHead(200, JSON_HEADERS).end(Buffer.from([0xff, 0xfe, 0, 1, 2, 0x80])),
    outcome: 'either',
  },
  'a JSON body 2 MB deep in arrays': {
    act: (_, res) => res.writeHead(200, JSON_HEADERS).end('['.repeat(1_000_000) + ']'.repeat(1_000_000)),
    outcome: 'either',
  },
};

const operations: Record<string, (pubnub: PubNub) => Promise<unknown>> = {
  listFiles: (p) => p.listFiles({ channel: 'room' }),
  downloadFile: (p) => p.downloadFile({ channel: 'room', fileId: 'id-1', fileName: 'a.txt' }),
  deleteFile: (p) => p.deleteFile({ channel: 'room', fileId: 'id-1', fileName: 'a.txt' }),
  publishFileMessage: (p) =>
    p.publishFileMessage({ channel: 'room', fileId: 'id-1', fileName: 'a.txt', message: 'hi' }),
  sendFile: (p) => p.sendFile({ channel: 'room', fileName: 'a.txt', file: 'bytes' }),
  'fileEvents connected': async (p) => {
    const controller = new AbortController();
    const events = p.fileEvents(['room'], { signal: controller.signal });
    try {
      return await events.connected;
    } finally {
      controller.abort();
    }
  },
};

let server: Server;
let origin: string;
let current: Behaviour = () => {};
let requests = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    req.resume();
    current(req, res, req.socket);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const cases = Object.keys(behaviours).flatMap((behaviour) =>
  Object.keys(operations).map((operation) => [behaviour, operation] as const),
);

describe('the SDK against a hostile server', () => {
  it.each(cases)('%s → %s: a typed error or a clean result, bounded, no secret', async (name, operation) => {
    const behaviour = behaviours[name]!;
    current = behaviour.act;
    requests = 0;
    const pubnub = client({
      origin,
      ssl: false,
      ...SECRETS,
      // Short enough to keep the stalled cases quick, long enough for a loaded machine to answer the others.
      requestTimeout: 1_000,
      fileRequestTimeout: 1_000,
      fileUploadPublishRetryLimit: 2,
      retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const outcome = await operations[operation]!(pubnub).then(
      (result) => ({ ok: true as const, result }),
      (thrown: unknown) => ({ ok: false as const, thrown }),
    );
    for (const socket of sockets) socket.destroy();
    if (outcome.ok) {
      if (!behaviour.succeeds?.includes(operation))
        expect(behaviour.outcome, `${name} must not succeed`).toBe('either');
      return;
    }
    const error = expectTypedError(outcome.thrown);
    if (behaviour.category !== undefined && operation !== 'sendFile' && operation !== 'fileEvents connected') {
      expect(error.status.category, error.message).toBe(behaviour.category);
    }
    if (behaviour.requestsAtMost !== undefined) expect(requests).toBeLessThanOrEqual(behaviour.requestsAtMost);
  });
});
