// An injected fetch that plays the PubNub files service and S3 for the SDK's unit tests: each test routes
// requests by method and path, and reads back exactly what was sent. No global mocking, no network.

import type { PubNubConfig } from '../../src/highlevel/config.ts';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import { KEYS } from './keys.ts';

export const S3_URL = 'https://bucket.s3.example.test/';
export const FORM_FIELDS = [
  {
    key: 'tagging',
    value: '<Tagging><TagSet><Tag><Key>ObjectTTLInDays</Key><Value>1</Value></Tag></TagSet></Tagging>',
  },
  { key: 'key', value: 'sub-c-test/opaque/file-id-1/report.txt' },
  { key: 'Content-Type', value: 'text/plain; charset=utf-8' },
  { key: 'X-Amz-Credential', value: 'AKIA/20241211/us-east-1/s3/aws4_request' },
  { key: 'Policy', value: 'eyJwb2xpY3kiOnRydWV9' },
  { key: 'X-Amz-Signature', value: 'deadbeef' },
];

export type Handler = (request: Request) => Response | Promise<Response>;

export interface FakeService {
  fetch: typeof fetch;
  /** Clones of every request, in order. */
  requests: Request[];
  /** `METHOD kind` per request, e.g. `POST generate`, `POST upload`, `GET publish`. */
  calls(): string[];
}

/** What a request is, by its path: the names tests route on. */
export function kindOf(request: Request): string {
  const url = new URL(request.url);
  if (url.href.startsWith(S3_URL)) return 'upload';
  if (url.pathname.endsWith('/generate-upload-url')) return 'generate';
  if (url.pathname.startsWith('/v1/files/publish-file/')) return 'publish';
  if (url.pathname.startsWith('/v3/history/')) return 'history';
  if (/\/files\/[^/]+\/[^/]+$/.test(url.pathname)) return 'file';
  if (url.pathname.endsWith('/files')) return 'list';
  return 'other';
}

/** A fake service answering with `handlers[kind]`, or a 404 for anything unrouted. */
export function fakeService(handlers: Partial<Record<string, Handler>>): FakeService {
  const requests: Request[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    requests.push(request.clone());
    const handler = handlers[kindOf(request)];
    return handler ? handler(request) : json({ status: 404, error: { message: 'no route in the fake' } }, 404);
  };
  return {
    fetch: fetchImpl as typeof fetch,
    requests,
    calls: () => requests.map((request) => `${request.method} ${kindOf(request)}`),
  };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function generated(id = 'file-id-1', name = 'report.txt'): Response {
  return json({
    status: 200,
    data: { id, name },
    file_upload_request: {
      url: S3_URL,
      method: 'POST',
      expiration_date: '2024-12-11T13:44:35Z',
      form_fields: FORM_FIELDS,
    },
  });
}

export function uploaded(): Response {
  return new Response(null, { status: 204, headers: { ETag: '"abc"' } });
}

export function published(timetoken = '17339246164989106'): Response {
  return new Response(`[1,"Sent","${timetoken}"]`, { headers: { 'Content-Type': 'text/javascript; charset="UTF-8"' } });
}

/** A handler that answers each call with the next response (the last one repeats). */
export function sequence(...responses: (() => Response)[]): Handler {
  let index = 0;
  return () => responses[Math.min(index++, responses.length - 1)]!();
}

/** A fetch that answers only when its signal aborts, then rejects like a real fetch does. */
export function hangingFetch(): { fetch: typeof fetch; started: () => number } {
  let started = 0;
  const fetchImpl = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    started++;
    const signal = input instanceof Request ? input.signal : init?.signal;
    return new Promise((_, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
  return { fetch: fetchImpl as typeof fetch, started: () => started };
}

/** A retry policy whose waits are recorded instead of slept, with a fixed dice roll. */
export function recordedWaits(random = 0.5): {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  waits: number[];
} {
  const waits: number[] = [];
  return { waits, random: () => random, sleep: async (ms: number) => void waits.push(ms) };
}

/** Decodes the `{message}` path segment of a publish request. */
export function publishedSegment(request: Request): string {
  const path = new URL(request.url).pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/** A PubNub client with the test keys (test/support/keys.ts) whose requests all go to `service`. */
export function sdkOn(service: FakeService, options: Partial<PubNubConfig> = {}): PubNub {
  return new PubNub({ ...KEYS, fetch: service.fetch, ...options });
}
