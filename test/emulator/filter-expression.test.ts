import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesFilter, type FilterSubject } from '../../src/emulator/filter-evaluate.ts';
import { FilterSyntaxError, MAX_FILTER_NESTING, parseFilter } from '../../src/emulator/filter-parse.ts';
import {
  COMPARE_OPERATORS,
  printFilter,
  type CompareOperator,
  type FilterExpression,
  type Operand,
} from '../../src/emulator/filter-syntax.ts';

/** The emulator's subscribe filter language: documented examples, refusals, and properties over generated input. */

function matches(text: string, subject: Partial<FilterSubject>): boolean {
  return matchesFilter(parseFilter(text), { meta: undefined, data: undefined, ...subject });
}

describe('examples from PubNub’s documentation of the language', () => {
  const message = {
    meta: { priority: 'high', level: 7, region: 'eu-west', user: { role: 'admin' } },
    data: { score: 90, text: 'hello world', type: 'chat' },
  };

  it.each([
    ['(meta.priority == "high") && (data.score > 80)', true],
    ['meta.priority == "high" && data.score > 95', false],
    ['meta.level > 5', true],
    ['data.score >= 80', true],
    ['meta.user["role"] == "admin"', true],
    ['data.text CONTAINS "world"', true],
    ['meta.region LIKE "eu*"', true],
    ['meta.region LIKE "us*"', false],
    ['meta.priority == "low" || meta.level <= 7', true],
    ['!(meta.priority == "high")', false],
    ['meta.status == "active"', false],
    ['data.score != 0', true],
  ])('%s → %s', (text, expected) => {
    expect(matches(text, message)).toBe(expected);
  });
});

describe('the file-sharing case', () => {
  it('meta.kind == "map" passes map files and nothing else', () => {
    const filter = parseFilter('meta.kind == "map"');
    const file = { message: 'caption', file: { id: 'id-1', name: 'a.png' } };
    expect(matchesFilter(filter, { meta: { kind: 'map' }, data: file })).toBe(true);
    expect(matchesFilter(filter, { meta: { kind: 'photo' }, data: file })).toBe(false);
    expect(matchesFilter(filter, { meta: undefined, data: file })).toBe(false);
  });

  it('reads the file message as data, but not inside an encrypted one', () => {
    const filter = parseFilter('data.file.name LIKE "*.png"');
    expect(matchesFilter(filter, { meta: undefined, data: { file: { id: 'i', name: 'map.png' } } })).toBe(true);
    expect(matchesFilter(filter, { meta: undefined, data: 'UE5FRAFBQ1JI…' })).toBe(false);
  });
});

describe('semantics the emulator chooses where the documentation is silent', () => {
  it.each([
    ['a missing field makes any comparison false, != included', 'meta.absent != "x"', {}, false],
    ['negating such a comparison is true', '!(meta.absent == "x")', {}, true],
    ['no conversion between strings and numbers', 'meta.n == "5"', { n: 5 }, false],
    ['ordering is for numbers only', 'meta.s > "a"', { s: 'b' }, false],
    ['strings compare case-sensitively', 'meta.s == "MAP"', { s: 'map' }, false],
    ['LIKE is anchored at both ends', 'meta.s LIKE "ap"', { s: 'map' }, false],
    ['LIKE * matches an empty run', 'meta.s LIKE "m*ap*"', { s: 'map' }, true],
    ['LIKE treats other characters literally', 'meta.s LIKE "m.p"', { s: 'map' }, false],
    ['CONTAINS finds an array element', 'meta.tags CONTAINS "b"', { tags: ['a', 'b'] }, true],
    ['CONTAINS on an array compares whole elements', 'meta.tags CONTAINS "b"', { tags: ['abc'] }, false],
    ['keywords ignore case', 'META.s like "m*" && meta.tags contains "b"', { s: 'map', tags: ['b'] }, true],
    ['fields never come from the prototype', 'meta.constructor != "x"', {}, false],
  ])('%s', (_, text, meta, expected) => {
    expect(matches(text, { meta })).toBe(expected);
  });

  it('&& binds tighter than ||, and ! tighter than both', () => {
    const meta = { a: 1, b: 2, c: 3 };
    expect(matches('meta.a == 1 || meta.b == 0 && meta.c == 0', { meta })).toBe(true);
    expect(matches('(meta.a == 1 || meta.b == 0) && meta.c == 0', { meta })).toBe(false);
    expect(matches('!meta.a == 1 || meta.c == 3', { meta })).toBe(true);
    expect(matches('!meta.a == 1 && meta.c == 3', { meta })).toBe(false);
  });
});

describe('refusals', () => {
  it.each([
    ['', 'Expected an expression'],
    ['meta.kind', 'Expected a comparison operator'],
    ['meta == "x"', 'Expected a field after "meta"'],
    ['kind == "map"', 'Expected meta.<field>, data.<field>'],
    ['uuid != "me"', 'Expected meta.<field>, data.<field>'],
    ['meta.kind = "map"', 'Unexpected character "="'],
    ['meta.kind == "map', 'Unterminated string'],
    ['(meta.kind == "map"', 'Expected ")"'],
    ['meta.kind == "map")', 'Expected "&&", "||" or the end'],
    ['meta.kind == "map" &&', 'Expected meta.<field>'],
    ['meta.a == 1e999', 'Number out of range'],
    ['meta.a[1] == 1', 'Expected a quoted field name'],
    ['meta.a == 1 and meta.b == 2', 'Expected "&&", "||" or the end'],
    [`meta.a == 1 "${'x'.repeat(5_000)}"`, `but found the string "${'x'.repeat(40)}…" at character 13`],
  ])('%j: %s', (text, reason) => {
    expect(() => parseFilter(text)).toThrow(FilterSyntaxError);
    expect(() => parseFilter(text)).toThrow(reason);
  });

  it(`nesting deeper than ${MAX_FILTER_NESTING} levels is refused, however deep, without exhausting the stack`, () => {
    const depth = (n: number) => `${'('.repeat(n)}meta.a == 1${')'.repeat(n)}`;
    expect(matches(depth(MAX_FILTER_NESTING), { meta: { a: 1 } })).toBe(true);
    expect(() => parseFilter(depth(MAX_FILTER_NESTING + 1))).toThrow('Nested deeper than');
    expect(() => parseFilter('!'.repeat(100_000) + 'meta.a == 1')).toThrow('Nested deeper than');
    expect(() => parseFilter('('.repeat(100_000))).toThrow(FilterSyntaxError);
  });

  it('a chain of 20,000 comparisons is flat: it parses and evaluates', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `meta.a == ${i}`).join(' || ');
    expect(matches(text, { meta: { a: 19_999 } })).toBe(true);
  });

  it('a LIKE pattern built to make a backtracking matcher explode answers at once', () => {
    const text = `meta.s LIKE "${'*a'.repeat(50)}b"`;
    expect(matches(text, { meta: { s: 'a'.repeat(5_000) } })).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties. Generated trees over a small vocabulary of fields and values, so comparisons often hit.

const NAMES = ['kind', 'n', 'tags', 'with space', 'q"uote', 'back\\slash'];
const STRINGS = fc.constantFrom('map', 'photo', 'm*p', '', 'MAP', 'a"b', "it's", 'ü€😀', 'back\\slash');
const NUMBERS = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
);

const operand: fc.Arbitrary<Operand> = fc.oneof(
  fc.record({
    kind: fc.constant('field' as const),
    source: fc.constantFrom('meta' as const, 'data' as const),
    path: fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant('string' as const), value: STRINGS }),
  fc.record({ kind: fc.constant('number' as const), value: NUMBERS }),
);

const { expression } = fc.letrec<{ expression: FilterExpression }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', maxDepth: 6, withCrossShrink: true },
    fc.record({
      kind: fc.constant('compare' as const),
      operator: fc.constantFrom(...COMPARE_OPERATORS),
      left: operand,
      right: operand,
    }),
    fc.record({ kind: fc.constant('not' as const), operand: tie('expression') }),
    fc.record({
      kind: fc.constant('and' as const),
      operands: fc.array(tie('expression'), { minLength: 2, maxLength: 3 }),
    }),
    fc.record({
      kind: fc.constant('or' as const),
      operands: fc.array(tie('expression'), { minLength: 2, maxLength: 3 }),
    }),
  ),
}));

const jsonLeaf = fc.oneof(STRINGS, fc.integer({ min: -5, max: 5 }), fc.boolean(), fc.constant(null));
const fieldValue = fc.oneof(jsonLeaf, fc.array(jsonLeaf, { maxLength: 3 }));
const record = fc.dictionary(
  fc.constantFrom(...NAMES),
  fc.oneof(fieldValue, fc.dictionary(fc.constantFrom(...NAMES), fieldValue)),
);
const subject: fc.Arbitrary<FilterSubject> = fc.record({
  meta: fc.oneof(record, fc.constant(undefined)),
  data: fc.oneof(record, fc.string()),
});

/** An independent statement of the semantics: fields by JSON pointer-like lookup, LIKE by an escaped regex. */
function reference(tree: FilterExpression, on: FilterSubject): boolean {
  if (tree.kind === 'and' || tree.kind === 'or') {
    const results = tree.operands.map((o) => reference(o, on));
    return tree.kind === 'and' ? !results.includes(false) : results.includes(true);
  }
  if (tree.kind === 'not') return !reference(tree.operand, on);
  const read = (o: Operand): unknown => {
    if (o.kind !== 'field') return o.value;
    return o.path.reduce<unknown>(
      (value, name) =>
        value !== null && typeof value === 'object' && !Array.isArray(value) && name in value
          ? (value as any)[name]
          : undefined,
      on[o.source],
    );
  };
  const [l, r] = [read(tree.left), read(tree.right)];
  if (l === undefined || r === undefined) return false;
  const equal = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b) && typeof a === typeof b;
  const numbers = typeof l === 'number' && typeof r === 'number';
  const table: Record<CompareOperator, () => boolean> = {
    '==': () => equal(l, r),
    '!=': () => !equal(l, r),
    '<': () => numbers && (l as number) < (r as number),
    '>': () => numbers && (l as number) > (r as number),
    '<=': () => numbers && (l as number) <= (r as number),
    '>=': () => numbers && (l as number) >= (r as number),
    LIKE: () =>
      typeof l === 'string' &&
      typeof r === 'string' &&
      new RegExp(
        `^${r
          .split('*')
          .map((part) => part.replace(/[^\w]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`))
          .join('.*')}$`,
        'su',
      ).test(l),
    CONTAINS: () =>
      typeof l === 'string' ? typeof r === 'string' && l.includes(r) : Array.isArray(l) && l.some((e) => equal(e, r)),
  };
  return table[tree.operator]();
}

describe('properties', () => {
  it('printing then parsing gives back the same tree', () => {
    fc.assert(
      fc.property(expression, (tree) => {
        expect(parseFilter(printFilter(tree))).toEqual(tree);
      }),
      { numRuns: 500 },
    );
  });

  it('the evaluator agrees with the reference on generated expressions and messages', () => {
    fc.assert(
      fc.property(expression, subject, (tree, on) => {
        expect(matchesFilter(parseFilter(printFilter(tree)), on)).toBe(reference(tree, on));
      }),
      { numRuns: 1000 },
    );
  });

  it('any string either parses or is refused with a FilterSyntaxError inside it, never another exception', () => {
    const tokens = fc.constantFrom(
      'meta',
      'data',
      '.',
      '[',
      ']',
      '"',
      "'",
      '(',
      ')',
      '!',
      '&&',
      '||',
      '==',
      '<',
      '=',
      ' ',
      'LIKE',
      'CONTAINS',
      'x',
      '1',
      '-',
      '\\',
      '*',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(tokens, { maxLength: 30 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (input) => {
        try {
          expect(typeof printFilter(parseFilter(input))).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(FilterSyntaxError);
          const { position } = error as FilterSyntaxError;
          expect(position >= 0 && position <= input.length).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the printed text of a parsed expression parses to the same tree (canonical form is stable)', () => {
    fc.assert(
      fc.property(expression, (tree) => {
        const once = printFilter(parseFilter(printFilter(tree)));
        expect(printFilter(parseFilter(once))).toBe(once);
      }),
    );
  });
});
