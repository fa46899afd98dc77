// The typed low-level client: openapi-fetch typed by the generated `paths`, plus PubNub's encoding and common query.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/pubnub-files.ts';
import type { ClientPaths } from './client-paths.ts';
import { buildQueryString, encodePathSegment, type QueryValue } from './encoding.ts';
import { signRequest } from './signature.ts';
import { DEFAULT_PNSDK } from './version.ts';

/** Options of {@link createFilesClient}. */
export interface FilesClientOptions {
  /** The user id, sent as `uuid` on every PubNub-hosted call. Required. */
  userId: string;
  /** Host (and optional `:port`) of the PubNub REST API. Default `ps.pndsn.com`. Ignored when `baseUrl` is set. */
  origin?: string;
  /** `https` when true (the default), plain `http` when false. Ignored when `baseUrl` is set. */
  ssl?: boolean;
  /** Full base URL such as `http://127.0.0.1:4010`; takes precedence over `origin` and `ssl`. */
  baseUrl?: string;
  /** Access Manager auth key or token, sent as `auth`. */
  authKey?: string;
  /** Secret key: when set, every call carries `timestamp` and a v2 `signature`. Needs `publishKey`. */
  secretKey?: string;
  /** Publish key; part of the string to sign. */
  publishKey?: string;
  /** The `pnsdk` value, `Name-Language/Version`. Default `PubNubFiles-TS/<version>`. */
  pnsdk?: string;
  /** The fetch to use (tests inject one). Default `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Makes the `requestid` of each call. Default `crypto.randomUUID()`. */
  requestId?: () => string;
  /** Clock in milliseconds since the epoch, for the signed `timestamp`. Default `Date.now`. */
  now?: () => number;
}

/** The low-level client: `GET`/`POST`/`DELETE` on the spec's paths, typed by the spec, common query left out. */
export type FilesClient = Client<ClientPaths>;

// The storage operations go to S3/the CDN, whose URLs carry their own signed query: PubNub's common query and
// signature must not be added there (PROTOCOL.md A1). Typed against `paths` so a renamed path fails typecheck.
const STORAGE_PATHS: ReadonlySet<string> = new Set<keyof paths>(['/', '/{sub_key}/{opaque}/{file_id}/{file_name}']);

const PATH_PARAMETER = /\{([^{}]+)\}/g;

/**
 * Creates the typed low-level client.
 *
 * @example
 * const client = createFilesClient({ userId: 'user-1' });
 * const { data } = await client.GET('/v1/files/{sub_key}/channels/{channel}/files', {
 *   params: { path: { sub_key: 'sub-c-…', channel: 'room' }, query: { limit: 10 } },
 * });
 */
export function createFilesClient(options: FilesClientOptions): FilesClient {
  if (typeof options.userId !== 'string' || options.userId === '') {
    throw new TypeError('createFilesClient: `userId` is required: a non-empty string that identifies this user.');
  }
  if (options.secretKey !== undefined && !options.publishKey) {
    throw new TypeError('createFilesClient: `secretKey` is set but `publishKey` is not; signing needs both.');
  }
  const client = createClient<ClientPaths>({
    baseUrl: options.baseUrl ?? `${options.ssl === false ? 'http' : 'https'}://${options.origin ?? 'ps.pndsn.com'}`,
    // Looked up per call, not bound at creation: browsers throw "Illegal invocation" on a detached fetch, and a
    // fetch installed later (a polyfill, a test) is still used.
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    pathSerializer: (pathname, pathParameters) =>
      pathname.replace(PATH_PARAMETER, (placeholder, name: string) => encodePathValue(pathParameters[name]) ?? placeholder),
    querySerializer: (query) => buildQueryString(query as Record<string, QueryValue>),
  });
  client.use(commonQuery(options));
  return client;
}

// A list (subscribe's channels) goes out as its encoded items joined by literal commas, as the official SDKs send it.
function encodePathValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((item) => encodePathSegment(String(item))).join(',');
  return encodePathSegment(String(value));
}

function commonQuery(options: FilesClientOptions): Middleware {
  const { userId, authKey, secretKey, publishKey = '' } = options;
  const pnsdk = options.pnsdk ?? DEFAULT_PNSDK;
  const requestId = options.requestId ?? (() => globalThis.crypto.randomUUID());
  const now = options.now ?? Date.now;
  return {
    async onRequest({ request, schemaPath }) {
      if (STORAGE_PATHS.has(schemaPath)) return undefined;
      const url = new URL(request.url);
      const query = parseQuery(url.search);
      delete query.signature;
      Object.assign(query, { uuid: userId, pnsdk, requestid: requestId() });
      if (authKey !== undefined) query.auth = authKey;
      if (secretKey !== undefined) {
        query.timestamp = String(Math.floor(now() / 1000));
        const body = request.body === null ? '' : await request.clone().text();
        query.signature = await signRequest(secretKey, {
          method: request.method,
          publishKey,
          path: url.pathname,
          query,
          body,
        });
      }
      return new Request(`${url.origin}${url.pathname}?${buildQueryString(query)}`, request);
    },
  };
}

function parseQuery(search: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    query[decodeURIComponent(key)] = decodeURIComponent(value);
  }
  return query;
}
