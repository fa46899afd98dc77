// Bytes on a socket, for requests no HTTP client would send (dot segments kept, lying lengths, garbage, stalls).
import { connect } from 'node:net';

export interface RawAnswer {
  /** Everything the server sent until it closed the connection (or `waitMs` passed). */
  text: string;
  /** The status codes of the responses in `text`, in order. */
  statuses: number[];
  /** The JSON bodies of the responses in `text` that have one. */
  bodies: unknown[];
  closed: boolean;
}

/** Sends `chunks` (a string or bytes each; a number waits that many ms) and reads until the server closes. */
export function rawExchange(
  origin: string,
  chunks: Array<string | Uint8Array | number>,
  waitMs = 10_000,
): Promise<RawAnswer> {
  const [host, port] = origin.split(':') as [string, string];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), host);
    const received: Buffer[] = [];
    let closed = false;
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString('latin1');
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
      const bodies = [...text.matchAll(/\r\n\r\n(\{[^\r]*?\})(?=HTTP\/1\.1|$)/g)].map(
        (m) => JSON.parse(m[1]!) as unknown,
      );
      resolve({ text, statuses, bodies, closed });
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('close', () => {
      closed = true;
      done();
    });
    socket.on('error', () => {});
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (typeof chunk === 'number') await new Promise((r) => setTimeout(r, chunk));
        else if (!socket.destroyed) socket.write(chunk);
      }
    });
    socket.on('timeout', () => reject(new Error('socket timeout')));
  });
}

/** One request with the path sent exactly as given. */
export function rawRequest(
  origin: string,
  method: string,
  path: string,
  body = '',
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  const head = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${origin}`,
    'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  if ((body !== '' || method === 'POST') && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length'))
    head.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return rawExchange(origin, [`${head.join('\r\n')}\r\n\r\n${body}`]);
}
