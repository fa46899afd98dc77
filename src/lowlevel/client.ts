// The typed low-level client: openapi-fetch typed by the generated `paths`, plus PubNub's encoding and common query.
import openapiFetch, { type Client } from 'openapi-fetch';
import { withoutCommonQuery } from '../generated/spec-facts.ts';
import type { ClientPaths } from './client-paths.ts';
import { buildQueryString, encodePathSegment } from './encoding.ts';
import { withCommonQuery, type CommonQueryOptions } from './common-query.ts';
import { platformFetch, requestBodyText } from './platform.ts';

// openapi-fetch's default export. The CJS build of this package (a "type": "module" one, built by tsdown 0.21) reads a
// default import the way Node's ESM does a CommonJS module's, as the whole `module.exports`, where the function is
// `.default` (rolldown/tsdown#1054); ESM builds and bundlers get the function itself.
const createClient: typeof openapiFetch =
  typeof openapiFetch === 'function' ? openapiFetch : (openapiFetch as { default: typeof openapiFetch }).default;

/** Options of {@link createFilesClient}: what the common query is made of, and where and how to send. */
export interface FilesClientOptions extends CommonQueryOptions {
  /** Host (and optional `:port`) of the PubNub REST API. Default `ps.pndsn.com`. Ignored when `baseUrl` is set. */
  origin?: string;
  /** `https` when true (the default), plain `http` when false. Ignored when `baseUrl` is set. */
  ssl?: boolean;
  /** Full base URL such as `http://127.0.0.1:4010`; takes precedence over `origin` and `ssl`. */
  baseUrl?: string;
  /** The fetch to use (tests inject one). Default `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
}

/** The low-level client: `GET`/`POST`/`DELETE` on the spec's paths, typed by the spec, common query left out. */
export type FilesClient = Client<ClientPaths>;

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
  return filesClient(options);
}

/** {@link createFilesClient} without its option checks, for the SDK: its constructor has checked them already. */
export function filesClient(options: FilesClientOptions): FilesClient {
  const client = createClient<ClientPaths>({
    baseUrl: options.baseUrl ?? `http${options.ssl === false ? '' : 's'}://${options.origin ?? 'ps.pndsn.com'}`,
    fetch: options.fetch ?? platformFetch,
    pathSerializer: (pathname, pathParameters) =>
      pathname.replace(
        /\{([^{}]+)\}/g,
        (placeholder, name: string) => encodePathValue(pathParameters[name]) ?? placeholder,
      ),
    querySerializer: buildQueryString as (query: Record<string, unknown>) => string,
  });
  // The common query, added to each request as it will be sent, so a signature covers exactly that.
  client.use({
    async onRequest({ request, schemaPath }) {
      // The storage operations go to S3/the CDN, whose URLs carry their own signed query: PubNub's common query and
      // signature must not be added there. The spec says which ones they are (`security: []`), read by the generator.
      if (withoutCommonQuery.includes(`${request.method} ${schemaPath}`)) return undefined;
      const url = new URL(request.url);
      // The request is replaced below, so its body is read, not cloned (a clone tees the stream).
      const body = await requestBodyText(request);
      const query = await withCommonQuery(options, {
        method: request.method,
        path: url.pathname,
        // The query was written by buildQueryString, which escapes `+`: reading it back as form data is exact.
        query: Object.fromEntries(url.searchParams),
        body: body ?? '',
      });
      // Not `new Request(url, request)`: that carries the body over as a stream, and Chromium uploads a stream over
      // HTTP/2 only (net::ERR_ALPN_NEGOTIATION_FAILED against an http/1.1 origin). The body goes in as its text.
      const init: RequestInit = {
        method: request.method,
        headers: request.headers,
        body,
        signal: request.signal,
        redirect: request.redirect,
        credentials: request.credentials,
        cache: request.cache,
        mode: request.mode,
        keepalive: request.keepalive,
        referrer: request.referrer,
        referrerPolicy: request.referrerPolicy,
        integrity: request.integrity,
      };
      // Already percent-encoded throughout, so the URL keeps it byte for byte.
      url.search = buildQueryString(query);
      return new Request(url, init);
    },
  });
  return client;
}

// A list (subscribe's channels) goes out as its encoded items joined by literal commas, as the official SDKs send it.
function encodePathValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return [value]
    .flat()
    .map((item) => encodePathSegment(String(item)))
    .join(',');
}
