// The query every PubNub-hosted call carries (docs/protocol.md A1, A3), in one place for the client's middleware and for
// URLs built without a request (the high-level getFileUrl).
import { signRequest } from './signature.ts';
import { DEFAULT_PNSDK } from './version.ts';
import { randomUuid } from './platform.ts';

/** What the common query is made of. */
export interface CommonQueryOptions {
  /** The user id, sent as `uuid`. */
  userId: string;
  /** Access Manager auth key or token, sent as `auth`. */
  authKey?: string;
  /** Secret key: when set, `timestamp` and a v2 `signature` are added. Needs `publishKey`. */
  secretKey?: string;
  /** Publish key; part of the string to sign. */
  publishKey?: string;
  /** The `pnsdk` value, `Name-Language/Version`. Default `PubNubFiles-TS/<version>`. */
  pnsdk?: string;
  /**
   * Makes the `requestid` of each call. Default a random UUID v4. `null` sends none: for a URL that is kept and
   * fetched later (getFileUrl) rather than a request.
   */
  requestId?: (() => string) | null;
  /** Clock in milliseconds since the epoch, for the signed `timestamp`. Default `Date.now`. */
  now?: () => number;
}

/** One request as it will be sent: its path already percent-encoded, its own query decoded, its exact body. */
export interface OutgoingRequest {
  method: string;
  path: string;
  query: Readonly<Record<string, string>>;
  body?: string;
}

/**
 * The request's query plus `uuid`, `pnsdk`, a fresh `requestid`, `auth` and, with a secret key, `timestamp` and the
 * v2 `signature` over all of it. Values are decoded: encode them with `buildQueryString`.
 *
 * @example
 * const query = await withCommonQuery({ userId: 'u', secretKey, publishKey }, { method: 'GET', path, query: {} });
 * const url = `${origin}${path}?${buildQueryString(query)}`;
 */
export async function withCommonQuery(
  options: CommonQueryOptions,
  request: OutgoingRequest,
): Promise<Record<string, string>> {
  // A signature already in the query belongs to some other request: never send it on.
  const { signature: _stale, ...own } = request.query;
  const query: Record<string, string> = {
    ...own,
    uuid: options.userId,
    pnsdk: options.pnsdk ?? DEFAULT_PNSDK,
  };
  if (options.requestId !== null) query.requestid = options.requestId?.() ?? randomUuid();
  if (options.authKey !== undefined) query.auth = options.authKey;
  if (options.secretKey === undefined) return query;
  query.timestamp = String(Math.floor((options.now ?? Date.now)() / 1000));
  query.signature = await signRequest(options.secretKey, { ...request, publishKey: options.publishKey ?? '', query });
  return query;
}
