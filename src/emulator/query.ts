/**
 * Query strings as PubNub reads them. A `+` is a space, as in form encoding: the official SDKs never send one raw (they
 * escape `+` as `%2B`), while generated clients (Python httpx, Go `url.Values`) send spaces as `+`. Signatures are
 * checked over the values re-encoded, so a space signed as `%20` verifies however it was sent.
 */
export type QueryPairs = ReadonlyArray<readonly [string, string]>;

export function parseQuery(search: string): QueryPairs {
  const text = search.startsWith('?') ? search.slice(1) : search;
  if (text === '') return [];
  return text.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    return [decodeLenient(key), decodeLenient(value)] as const;
  });
}

/** The first value of each key: what the service acts on. */
export function queryRecord(pairs: QueryPairs): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of pairs) if (!(key in record)) record[key] = value;
  return record;
}

/** Decodes one path segment or query value; undefined when its percent-escapes are not valid UTF-8. */
export function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function decodeLenient(raw: string): string {
  const spaced = raw.replace(/\+/g, ' ');
  return decodeSegment(spaced) ?? spaced;
}
