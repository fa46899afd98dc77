import type { IncomingMessage, ServerResponse } from 'node:http';

/** The last requests the emulator answered, for the dashboard, with every secret-looking value masked. */

export interface LoggedRequest {
  id: number;
  /** ISO-8601, when the request arrived. */
  time: string;
  method: string;
  /** Path and query as sent, signatures, auth tokens, credentials and secret keys replaced by `***`. */
  path: string;
  /** The status answered; 0 when the connection closed without an answer (e.g. a `reset` fault). */
  status: number;
  durationMs: number;
}

const KEPT = 200;
/** A publish URL carries its whole message (up to 32 KiB): the log keeps the start. */
const MAX_PATH_CHARS = 2048;
export const MASK = '***';
/** Query parameters whose value is a credential: PubNub's `signature` and `auth`, S3's signed-URL fields. */
const SECRET_NAME = /signature|auth|token|secret|credential|policy|password/i;
/** PubNub secret keys start `sec-c-`; one in a path or value is masked wherever it appears. */
const SECRET_VALUE = /^sec-[a-z]-/i;

export function maskSecrets(url: string): string {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const maskedPath = path
    .split('/')
    .map((segment) => (SECRET_VALUE.test(safeDecode(segment)) ? MASK : segment))
    .join('/');
  if (queryStart === -1) return maskedPath;
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = safeDecode(pair.slice(0, eq));
      return SECRET_NAME.test(name) || SECRET_VALUE.test(safeDecode(pair.slice(eq + 1)))
        ? `${pair.slice(0, eq)}=${MASK}`
        : pair;
    })
    .join('&');
  return `${maskedPath}?${query}`;
}

function truncate(path: string): string {
  return path.length <= MAX_PATH_CHARS ? path : `${path.slice(0, MAX_PATH_CHARS)}…`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private readonly listeners = new Set<(entry: LoggedRequest) => void>();
  private nextId = 1;

  /** Records the request once its answer is sent or its connection closes. */
  observe(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const entry = {
      id: 0,
      time: new Date().toISOString(),
      method: req.method ?? 'GET',
      path: truncate(maskSecrets(req.url ?? '/')),
    };
    res.once('close', () => {
      const logged: LoggedRequest = {
        ...entry,
        id: this.nextId++,
        status: res.writableFinished ? res.statusCode : 0,
        durationMs: Math.round(performance.now() - started),
      };
      this.entries.push(logged);
      if (this.entries.length > KEPT) this.entries.splice(0, this.entries.length - KEPT);
      for (const listener of this.listeners) listener(logged);
    });
  }

  /** Newest last. */
  recent(): LoggedRequest[] {
    return [...this.entries];
  }

  onEntry(listener: (entry: LoggedRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
