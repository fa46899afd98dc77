import type { CompareOperator, FilterExpression, Operand } from './filter-syntax.ts';

/**
 * Whether a message passes a subscribe filter. `meta` is the publish `meta`, `data` the payload as published (for a
 * file message `{message, file}`; an encrypted one is a string, so no `data.…` field exists in it).
 *
 * Where PubNub's documentation is silent the emulator chooses, and says so (docs/emulator.md, Filters):
 * a comparison that reads a missing field is false, `!=` included; values are compared without conversion (the
 * string "5" is not the number 5), strings case-sensitively; `LIKE`'s `*` matches any run of characters, including
 * none, and every other character matches itself.
 */
export interface FilterSubject {
  meta: unknown;
  data: unknown;
}

export function matchesFilter(expression: FilterExpression, subject: FilterSubject): boolean {
  switch (expression.kind) {
    case 'and':
      return expression.operands.every((operand) => matchesFilter(operand, subject));
    case 'or':
      return expression.operands.some((operand) => matchesFilter(operand, subject));
    case 'not':
      return !matchesFilter(expression.operand, subject);
    case 'compare': {
      const left = valueOf(expression.left, subject);
      const right = valueOf(expression.right, subject);
      return left !== undefined && right !== undefined && compare(expression.operator, left, right);
    }
  }
}

function valueOf(operand: Operand, subject: FilterSubject): unknown {
  if (operand.kind !== 'field') return operand.value;
  let value: unknown = subject[operand.source];
  for (const name of operand.path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, name))
      return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

function compare(operator: CompareOperator, left: unknown, right: unknown): boolean {
  switch (operator) {
    case '==':
      return sameValue(left, right);
    case '!=':
      return !sameValue(left, right);
    case '<':
      return typeof left === 'number' && typeof right === 'number' && left < right;
    case '>':
      return typeof left === 'number' && typeof right === 'number' && left > right;
    case '<=':
      return typeof left === 'number' && typeof right === 'number' && left <= right;
    case '>=':
      return typeof left === 'number' && typeof right === 'number' && left >= right;
    case 'LIKE':
      return typeof left === 'string' && typeof right === 'string' && likeMatches(left, right);
    case 'CONTAINS':
      if (typeof left === 'string') return typeof right === 'string' && left.includes(right);
      return Array.isArray(left) && left.some((element) => sameValue(element, right));
  }
}

/** Strings and numbers by value; anything else (objects, arrays, booleans, null) equals only what JSON spells the same. */
function sameValue(left: unknown, right: unknown): boolean {
  if (typeof left !== 'object' && typeof right !== 'object') return left === right;
  return JSON.stringify(left) === JSON.stringify(right);
}

/**
 * Glob matching with `*` only, by the two-pointer method (retry from the last star): time bounded by the product of
 * the two lengths, so no pattern can make it backtrack exponentially as a regular expression could.
 */
function likeMatches(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (star !== -1) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
