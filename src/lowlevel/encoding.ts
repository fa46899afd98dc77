// Percent-encoding as PubNub's servers expect it (docs/protocol.md A1): only `A-Z a-z 0-9 - _ .` stay literal.
// encodeURIComponent leaves `! ~ * ' ( )` alone, which the service (and the v2 signature) would read differently.

/** Encodes one path segment (channel, file id, file name, message): UTF-8, then all but `A-Za-z0-9-_.` escaped. */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/[!~*'()]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Encodes a query value exactly like a path segment (space is `%20`, never `+`). */
export function encodeQueryValue(value: string): string {
  return encodePathSegment(value);
}

/**
 * A query parameter value as the client accepts it; `undefined`/`null` mean "leave the parameter out".
 * Objects are sent as their compact JSON text, which is how PubNub takes `meta`.
 */
export type QueryValue = string | number | boolean | object | null | undefined;

/**
 * Builds `k1=v1&k2=v2` (no leading `?`) in the given order, keys and values encoded as A1,
 * skipping `undefined` and `null` values.
 *
 * @example buildQueryString({ limit: 10, next: 'a b' }) // 'limit=10&next=a%20b'
 */
export function buildQueryString(params: Readonly<Record<string, QueryValue>>): string {
  return Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(
      ([key, value]) =>
        `${encodePathSegment(key)}=${encodePathSegment(typeof value === 'object' ? JSON.stringify(value) : String(value))}`,
    )
    .join('&');
}
