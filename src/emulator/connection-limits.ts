// What the emulator does about requests that never arrive whole or are not HTTP at all: time limits, and refusals
// that carry the service's error body where Node's own would carry none.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { STORAGE_PREFIX } from './context.ts';
import { bodyClocks } from './body-clock.ts';
import { filesErrorBody, sendFilesError, sendS3Error } from './http.ts';

export interface ConnectionLimits {
  maxHeaderSize: number;
  requestTimeout: number;
  headersTimeout: number;
  connectionsCheckingInterval: number;
}

/** Options for `createServer`: headers not received within the limit are refused (408) by Node, through `refuseClient`. */
export function connectionLimits(maxHeaderSize: number, requestTimeoutMs: number): ConnectionLimits {
  return {
    maxHeaderSize,
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(60_000, requestTimeoutMs),
    // How often Node looks for such requests; a fraction of the limit, so it is enforced to within a quarter of it.
    connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeoutMs / 4))),
  };
}

/** Whether the request says a body follows its headers (a length above 0, or a chunked body). */
export function declaresBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * A body that stalls (or drips) is cut off here, with the service's answer: S3's for the storage endpoints, the files
 * service's otherwise; the connection is closed after it.
 */
export function limitBodyTime(req: IncomingMessage, res: ServerResponse, timeoutMs: number): void {
  let timer: NodeJS.Timeout | undefined;
  const expire = (): void => {
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
  };
  const stop = (): void => clearTimeout(timer);
  timer = setTimeout(expire, timeoutMs);
  // While the emulator itself holds the request (a fault's delay), the client is not the one stalling: the clock
  // starts again when the emulator is ready to read.
  bodyClocks.set(req, {
    pause: stop,
    restart: () => {
      stop();
      if (!req.complete) timer = setTimeout(expire, timeoutMs);
    },
  });
  req.once('end', stop);
  req.once('close', stop);
}

/**
 * Node's own refusals (a request line or headers over the limit, bytes that are not HTTP, bytes left over after a
 * body, a request not received in time) answered with the files service's error body instead of Node's bodiless ones.
 */
export function refuseClient(error: NodeJS.ErrnoException, socket: Duplex, limits: ConnectionLimits): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          `Request header fields too large: the request line and headers may take at most ${limits.maxHeaderSize} bytes`,
        ]
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
