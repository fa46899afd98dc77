import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createTimetokenClock } from './clock.ts';
import { FileStore } from './file-store.ts';
import { STORAGE_PREFIX, type EmulatorContext } from './context.ts';
import { filesErrorBody, sendFilesError, sendS3Error } from './http.ts';
import { resolveOptions, type EmulatorOptions } from './options.ts';
import { createRouter } from './router.ts';
import { SpecRoutes } from './spec-routes.ts';
import { diskBackend, memoryBackend } from './storage-backends.ts';
import { SubscribeHub } from './subscribe-hub.ts';

export interface RunningEmulator {
  /** `127.0.0.1:PORT`: what SDKs take as `origin` (with `ssl: false`). */
  origin: string;
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** Answers held subscribe polls, stops accepting connections and resolves once the server is closed. Idempotent. */
  close(): Promise<void>;
}

const hubs = new WeakMap<RunningEmulator, SubscribeHub>();

/** Internal, for the emulator's own tests (not exported by the package): the running emulator's subscribe hub. */
export function subscribeHubOf(emulator: RunningEmulator): SubscribeHub {
  const hub = hubs.get(emulator);
  if (hub === undefined) throw new TypeError('subscribeHubOf: not an emulator started by startEmulator');
  return hub;
}

/**
 * Node's requestTimeout stops counting once the headers are in, so a body that stalls (or drips) is cut off here: the
 * answer is S3's for the storage endpoints and the files service's otherwise, and the connection is closed after it.
 */
function limitBodyTime(req: IncomingMessage, res: ServerResponse, timeoutMs: number): void {
  const timer = setTimeout(() => {
    if (req.complete) return;
    if (res.headersSent) return void req.socket.destroy();
    res.setHeader('Connection', 'close');
    if (req.url?.startsWith(`${STORAGE_PREFIX}/`)) {
      sendS3Error(res, 400, {
        code: 'RequestTimeout',
        message: 'Your socket connection to the server was not read from or written to within the timeout period.',
      });
    } else {
      sendFilesError(res, 408, `Request timeout: the body did not arrive within ${timeoutMs} ms`);
    }
    res.once('finish', () => req.socket.destroy());
  }, timeoutMs);
  const stop = (): void => clearTimeout(timer);
  req.once('end', stop);
  req.once('close', stop);
}

/**
 * Node's own refusals (a request line or headers over the limit, bytes that are not HTTP, bytes left over after a
 * body, a request not received in time) answered with the files service's error body instead of Node's bodiless ones.
 */
function refuseClient(error: NodeJS.ErrnoException, socket: Duplex, limits: { maxHeaderSize: number; requestTimeout: number }): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, `Request header fields too large: the request line and headers may take at most ${limits.maxHeaderSize} bytes`]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, `Request timeout: the request was not received within ${limits.requestTimeout} ms`]
        : [400, `Bad request: not a well-formed HTTP/1.1 request (${error.code ?? 'unreadable'})`];
  const body = JSON.stringify(filesErrorBody(status, message));
  const refuse = (): void => {
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n${body}`,
    );
    // A client still sending gets a moment to read the answer; then the connection goes.
    setTimeout(() => socket.destroy(), 1_000).unref();
  };
  // The bad bytes may follow a request still being answered (a body longer than its Content-Length): the refusal
  // goes after that answer, in order, as HTTP/1.1 requires.
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (inFlight && !inFlight.writableFinished) {
    inFlight.once('finish', refuse);
    // One still waiting for the rest of its body (the client went away mid-body) never finishes: the connection goes.
    setTimeout(() => socket.destroy(), 1_000).unref();
  } else {
    refuse();
  }
}

/** Publish URLs carry whole messages (up to 32 KiB); Node's default 16 KiB header limit would refuse them first. */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Starts a local PubNub-compatible file service.
 *
 * @example
 * const emulator = await startEmulator({ inMemory: true });
 * const pubnub = new PubNub({ origin: emulator.origin, ssl: false, publishKey: 'demo', subscribeKey: 'demo', userId: 'me' });
 * // ...
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const routes = await SpecRoutes.load();
  const backend = resolved.storage.inMemory ? memoryBackend() : await diskBackend(resolved.storage.dataDir);
  const hub = new SubscribeHub(resolved.subscribeHoldMs);
  const ctx: EmulatorContext = {
    store: await FileStore.open(backend),
    hub,
    clock: createTimetokenClock(resolved.now),
    now: resolved.now,
    storageSecret: randomBytes(32),
    fileTtlMs: resolved.fileTtlMs,
    uploadUrlTtlMs: resolved.uploadUrlTtlMs,
  };
  const route = createRouter(ctx, routes, resolved.signing);
  let closing = false;
  const { requestTimeoutMs } = resolved;
  const limits = {
    maxHeaderSize: MAX_HEADER_BYTES,
    // A request (headers and body) not received within this is refused with 408: a stalled or dripping body does
    // not hold its connection and its buffers for Node's default of five minutes.
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(60_000, requestTimeoutMs),
    // How often Node looks for such requests; a fraction of the limit, so it is enforced to within a quarter of it.
    connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeoutMs / 4))),
  };
  const server = createServer(limits, (req, res) => {
    // A poll released by close() finishes after the server stopped; its keep-alive connection must not linger.
    const socket = req.socket;
    res.once('finish', () => {
      if (closing) socket.end();
    });
    if (!req.complete) limitBodyTime(req, res, requestTimeoutMs);
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      sendFilesError(res, 500, `Internal emulator error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => refuseClient(error, socket, limits));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${resolved.host}:${port}`;
  let closed: Promise<void> | undefined;
  const running: RunningEmulator = {
    origin,
    url: `http://${origin}`,
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        closing = true;
        hub.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      })),
  };
  hubs.set(running, hub);
  return running;
}
