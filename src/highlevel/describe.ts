// How error messages name a bad value, shared by the option checks and the crypto module.

/** Names a bad value's type without echoing it: the value may be a key. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return typeof value === 'number' ? `the number ${value}` : typeof value;
}
