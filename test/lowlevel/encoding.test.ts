import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildQueryString, encodePathSegment, encodeQueryValue } from '../../src/lowlevel/encoding.ts';

describe('percent-encoding of path segments and query values (docs/protocol.md A1)', () => {
  const cases: [string, string][] = [
    ['a b/ü,c', 'a%20b%2F%C3%BC%2Cc'],
    ['~', '%7E'],
    ["!*'()", '%21%2A%27%28%29'],
    ['+', '%2B'],
    ['%', '%25'],
    ['#', '%23'],
    ['?', '%3F'],
    ['🦄', '%F0%9F%A6%84'],
    ['A-Za-z0-9-_.', 'A-Za-z0-9-_.'],
    ['', ''],
  ];
  for (const [raw, encoded] of cases) {
    it(`encodes ${JSON.stringify(raw)} as ${encoded}`, () => {
      expect(encodePathSegment(raw)).toBe(encoded);
      expect(encodeQueryValue(raw)).toBe(encoded);
    });
  }

  it('round-trips any string through decodeURIComponent and leaves only unreserved characters and escapes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const encoded = encodePathSegment(value);
        expect(encoded).toMatch(/^[A-Za-z0-9\-_.%]*$/);
        expect(decodeURIComponent(encoded)).toBe(value);
      }),
    );
  });

  it('builds a query string in order, encoding keys and values and skipping absent values', () => {
    expect(buildQueryString({ limit: 10, next: 'a b', auth: undefined, meta: '{"k":"v"}', store: true, x: null })).toBe(
      'limit=10&next=a%20b&meta=%7B%22k%22%3A%22v%22%7D&store=true',
    );
  });

  it('sends an object value as its compact JSON text', () => {
    expect(buildQueryString({ meta: { k: 'v', n: [1, 2] } })).toBe(
      'meta=%7B%22k%22%3A%22v%22%2C%22n%22%3A%5B1%2C2%5D%7D',
    );
  });
});
