/**
 * The subscribe filter language (`filter-expr`, docs/protocol.md A2.7) as a tree, and its canonical text.
 *
 * What the language is, as PubNub documents it: a filter reads only `meta.…` (the publish `meta`) and `data.…` (the
 * message payload), by dotted names or `["quoted"]` keys; literals are strings (double or single quotes) and
 * numbers; `==` `!=` compare strings and numbers, `<` `>` `<=` `>=` numbers only, `LIKE` matches a string against a
 * pattern with `*` wildcards, `CONTAINS` finds a substring or an array element; `!`, `&&`, `||` and parentheses
 * combine comparisons. A bare `meta.*` or a field on its own is not an expression.
 */

export type FieldSource = 'meta' | 'data';

export type Operand =
  | { kind: 'field'; source: FieldSource; path: readonly string[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number };

export type CompareOperator = '==' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE' | 'CONTAINS';

export const COMPARE_OPERATORS: readonly CompareOperator[] = ['==', '!=', '<', '>', '<=', '>=', 'LIKE', 'CONTAINS'];

/** `and` and `or` hold two or more operands, flat, so a long chain of `&&` is not a deep tree. */
export type FilterExpression =
  | { kind: 'and'; operands: readonly FilterExpression[] }
  | { kind: 'or'; operands: readonly FilterExpression[] }
  | { kind: 'not'; operand: FilterExpression }
  | { kind: 'compare'; operator: CompareOperator; left: Operand; right: Operand };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The expression as text that parses back to the same tree: nested groups are always parenthesised. */
export function printFilter(expression: FilterExpression): string {
  switch (expression.kind) {
    case 'and':
    case 'or':
      return expression.operands.map(printGroup).join(expression.kind === 'and' ? ' && ' : ' || ');
    case 'not':
      return `!${printGroup(expression.operand)}`;
    case 'compare':
      return `${printOperand(expression.left)} ${expression.operator} ${printOperand(expression.right)}`;
  }
}

function printGroup(expression: FilterExpression): string {
  return `(${printFilter(expression)})`;
}

export function printOperand(operand: Operand): string {
  switch (operand.kind) {
    case 'field':
      return (
        operand.source + operand.path.map((name) => (IDENTIFIER.test(name) ? `.${name}` : `[${quote(name)}]`)).join('')
      );
    case 'string':
      return quote(operand.value);
    case 'number':
      return String(operand.value);
  }
}

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
