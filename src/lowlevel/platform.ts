// Where the runtimes this package supports (Node, Bun, Deno, browsers, workers) differ, in one place: each helper
// says which runtime it is for. Everything here uses Web-standard APIs only (docs/protocol.md B8).

/**
 * `fetch`, looked up on `globalThis` at each call. Browsers throw "Illegal invocation" for a `fetch` called detached
 * from `globalThis`, and a fetch installed later (a polyfill, a test) is still used.
 */
export function platformFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  return globalThis.fetch(input, init);
}

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts (https, localhost): a browser page served over
 * plain http on a LAN address has `getRandomValues` alone, and must still be able to list, send and download.
 */
export function randomUuid(): string {
  return crypto.randomUUID?.() ?? uuidFromRandomValues();
}

function uuidFromRandomValues(): string {
  const random = crypto.getRandomValues(new Uint8Array(31));
  let next = 0;
  // x: a random hex digit; y: one of 8, 9, a, b (the RFC 9562 variant).
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (digit) => {
    const value = random[next++]! & 15;
    return (digit === 'x' ? value : 8 | (value & 3)).toString(16);
  });
}

/**
 * A request's body as text, `null` when it has none. Firefox has no `Request.body` to tell whether there is one, so
 * the body is read whatever the request; an empty body counts as none (a GET cannot have one).
 */
export async function requestBodyText(request: Request): Promise<string | null> {
  const text = await request.text();
  return text === '' ? null : text;
}

/** The chunks of a ReadableStream. Safari's streams are not async-iterable, so it is read through its reader. */
export async function* readableStreamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel();
    reader.releaseLock();
  }
}

/**
 * Whether an upload can go out as a stream that keeps its Content-Length, so its progress counts the bytes handed to
 * the network. Storage is S3's POST upload, which needs the length up front (it refuses a chunked body), so a stream
 * is used only where fetch sends it with the length given: Node (20 has no `navigator`; later versions say
 * "Node.js/…") and Bun. Not Deno (it sends any stream chunked and drops the length), nor browsers (Chromium streams a
 * request body over HTTP/2 only, Firefox and Safari not at all), nor workerd.
 */
export function streamsUploads(): boolean {
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  if (typeof agent === 'string') return /^(Node\.js|Bun)\//.test(agent);
  return typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';
}

// Base64 over btoa/atob, which every supported runtime has: Node's Buffer is missing in browsers and workers.

/** Standard base64 with `=` padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: spreading a large array into one call overflows the argument limit (65,536 in JavaScriptCore).
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** URL-safe base64 without padding (RFC 4648 §5), as used by PubNub v2 signatures. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '');
}

/**
 * Decodes standard or URL-safe base64, padded or not. Returns `undefined` for text that is not base64,
 * so callers can raise the error that fits their context.
 */
export function base64ToBytes(text: string): Uint8Array | undefined {
  const digits = text.replace(/=+$/, '');
  // atob would skip whitespace and throws for a length that leaves a lone 6-bit digit: both are not base64 here.
  if (!/^[\w+/-]*$/.test(digits) || digits.length % 4 === 1) return undefined;
  const binary = atob(digits.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
