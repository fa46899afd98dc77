import { COMPARE_OPERATORS, type CompareOperator, type FilterExpression, type Operand } from './filter-syntax.ts';

/**
 * Parses a subscribe filter expression (grammar in filter-syntax.ts). Precedence, loosest first: `||`, `&&`, `!`,
 * then one comparison; parentheses group. Keywords (`LIKE`, `CONTAINS`, `meta`, `data`) are matched ignoring case.
 * Any input gives a tree or a `FilterSyntaxError` naming the position: never another exception, and nesting is
 * bounded so hostile input cannot exhaust the stack.
 */

export class FilterSyntaxError extends Error {
  constructor(
    readonly reason: string,
    /** 0-based character offset where the problem was found. */
    readonly position: number,
  ) {
    super(`${reason} at character ${position + 1}`);
    this.name = 'FilterSyntaxError';
  }
}

/** Parentheses and `!` nested deeper than this are refused. */
export const MAX_FILTER_NESTING = 32;

type Token =
  | { type: 'punct'; text: '(' | ')' | '&&' | '||' | '!' | '.' | '[' | ']' | CompareOperator; at: number }
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'end'; at: number };

const PUNCTUATION = ['&&', '||', '==', '!=', '<=', '>=', '(', ')', '!', '<', '>', '.', '[', ']'] as const;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at]!;
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    if (char === '"' || char === "'") {
      const { value, end } = readString(text, at);
      tokens.push({ type: 'string', value, at });
      at = end;
      continue;
    }
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(text);
    if (number !== null) {
      const value = Number(number[0]);
      if (!Number.isFinite(value)) throw new FilterSyntaxError('Number out of range', at);
      tokens.push({ type: 'number', value, at });
      at += number[0].length;
      continue;
    }
    WORD.lastIndex = at;
    const word = WORD.exec(text);
    if (word !== null) {
      tokens.push({ type: 'word', text: word[0], at });
      at += word[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, at));
    if (punct === undefined) throw new FilterSyntaxError(`Unexpected character ${JSON.stringify(char)}`, at);
    tokens.push({ type: 'punct', text: punct, at });
    at += punct.length;
  }
  tokens.push({ type: 'end', at: text.length });
  return tokens;
}

/** A quoted string; a backslash takes the next character literally. */
function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  for (let at = start + 1; at < text.length; at++) {
    const char = text[at]!;
    if (char === quote) return { value, end: at + 1 };
    if (char === '\\') {
      at++;
      if (at === text.length) break;
      value += text[at];
    } else {
      value += char;
    }
  }
  throw new FilterSyntaxError('Unterminated string', start);
}

export function parseFilter(text: string): FilterExpression {
  const tokens = tokenize(text);
  let index = 0;
  let depth = 0;
  const peek = (): Token => tokens[index]!;
  const isPunct = (token: Token, punct: string): boolean => token.type === 'punct' && token.text === punct;

  const describe = (token: Token): string => {
    switch (token.type) {
      case 'end':
        return 'the end of the expression';
      case 'string':
        return `the string ${JSON.stringify(token.value.length > 40 ? `${token.value.slice(0, 40)}…` : token.value)}`;
      case 'number':
        return `the number ${token.value}`;
      default:
        return `"${token.text}"`;
    }
  };
  const fail = (expected: string): never => {
    const token = peek();
    throw new FilterSyntaxError(`Expected ${expected} but found ${describe(token)}`, token.at);
  };

  const chain = (kind: 'and' | 'or', operator: '&&' | '||', next: () => FilterExpression): FilterExpression => {
    const operands = [next()];
    while (isPunct(peek(), operator)) {
      index++;
      operands.push(next());
    }
    return operands.length === 1 ? operands[0]! : { kind, operands };
  };
  const or = (): FilterExpression => chain('or', '||', and);
  const and = (): FilterExpression => chain('and', '&&', unary);

  const nested = <T>(at: number, parse: () => T): T => {
    if (++depth > MAX_FILTER_NESTING)
      throw new FilterSyntaxError(`Nested deeper than ${MAX_FILTER_NESTING} levels`, at);
    const result = parse();
    depth--;
    return result;
  };

  function unary(): FilterExpression {
    const token = peek();
    if (isPunct(token, '!')) {
      index++;
      return nested(token.at, () => ({ kind: 'not', operand: unary() }));
    }
    // A parenthesis opens a group unless it cannot: `(` is never the start of an operand.
    if (isPunct(token, '(')) {
      index++;
      const group = nested(token.at, or);
      if (!isPunct(peek(), ')')) fail('")"');
      index++;
      return group;
    }
    return comparison();
  }

  function comparison(): FilterExpression {
    const left = operand();
    const token = peek();
    const operator = comparisonOperator(token);
    if (operator === undefined) return fail('a comparison operator (== != < > <= >= LIKE CONTAINS)');
    index++;
    return { kind: 'compare', operator, left, right: operand() };
  }

  function operand(): Operand {
    const token = peek();
    if (token.type === 'string' || token.type === 'number') {
      index++;
      return token.type === 'string' ? { kind: 'string', value: token.value } : { kind: 'number', value: token.value };
    }
    const source = token.type === 'word' ? token.text.toLowerCase() : '';
    if (source !== 'meta' && source !== 'data') return fail('meta.<field>, data.<field>, a string or a number');
    index++;
    const path: string[] = [];
    for (;;) {
      if (isPunct(peek(), '.')) {
        index++;
        const name = peek();
        if (name.type !== 'word') return fail(`a field name after "${source}."`);
        path.push(name.text);
        index++;
      } else if (isPunct(peek(), '[')) {
        index++;
        const key = peek();
        if (key.type !== 'string') return fail('a quoted field name inside [ ]');
        path.push(key.value);
        index++;
        if (!isPunct(peek(), ']')) fail('"]"');
        index++;
      } else {
        break;
      }
    }
    if (path.length === 0) return fail(`a field after "${source}" (such as ${source}.kind)`);
    return { kind: 'field', source, path };
  }

  if (peek().type === 'end') fail('an expression');
  const expression = or();
  if (peek().type !== 'end') fail('"&&", "||" or the end of the expression');
  return expression;
}

function comparisonOperator(token: Token): CompareOperator | undefined {
  const text = token.type === 'punct' ? token.text : token.type === 'word' ? token.text.toUpperCase() : undefined;
  return COMPARE_OPERATORS.find((operator) => operator === text);
}
