// Every example in the spec must satisfy its own schema: Prism serves these examples as mock answers, and the
// contract suite and the emulator are judged against the same schemas, so a wrong example would teach a wrong wire.
import { describe, expect, it } from 'vitest';
import {
  OPERATION_IDS,
  at,
  createSpecValidator,
  isObject,
  listOperationIds,
  loadSpec,
  resolvePointer,
  toPointer,
  type JsonObject,
} from '../support/spec.ts';

interface FoundExample {
  /** Where the example is written, e.g. `#/paths/…/responses/200/content/application~1json/examples/sent/value`. */
  location: string;
  /** The schema it must satisfy. */
  schemaPointer: string;
  value: unknown;
}

// Maps whose keys are names, not keywords: `{ properties: { schema: … } }` must not look like a parameter.
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'schemas', 'securitySchemes', 'variables']);

function collectExamples(): FoundExample[] {
  const found: FoundExample[] = [];
  const walk = (node: unknown, segments: string[], isNameMap: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => walk(child, [...segments, String(index)], false));
      return;
    }
    if (!isObject(node)) return;
    const here = toPointer(segments);
    if (!isNameMap) collectAt(node, segments, here, found);
    for (const [key, child] of Object.entries(node)) {
      // Example values are data (collected above), and components/examples are checked where they are used.
      if (key === 'example' || key === 'examples') continue;
      walk(child, [...segments, key], !isNameMap && NAME_MAPS.has(key));
    }
  };
  walk(loadSpec(), [], false);
  return found;
}

function collectAt(node: JsonObject, segments: string[], here: string, found: FoundExample[]): void {
  if ('schema' in node) {
    // A Parameter, Header or Media Type object: its examples are checked against its `schema`.
    const schemaPointer = toPointer([...segments, 'schema']);
    if ('example' in node) found.push({ location: `${here}/example`, schemaPointer, value: node.example });
    if (isObject(node.examples)) {
      for (const name of Object.keys(node.examples)) {
        const location = toPointer([...segments, 'examples', name]);
        const example = at(resolvePointer(location));
        expect(isObject(example) && 'value' in example, `${location} has no inline value`).toBe(true);
        found.push({ location: `${location}/value`, schemaPointer, value: (example as JsonObject).value });
      }
    }
    return;
  }
  // A Schema object: JSON Schema `examples` (an array) and OpenAPI's older `example`.
  if (Array.isArray(node.examples)) {
    node.examples.forEach((value, index) =>
      found.push({ location: toPointer([...segments, 'examples', String(index)]), schemaPointer: here, value }),
    );
  }
  if ('example' in node) found.push({ location: `${here}/example`, schemaPointer: here, value: node.example });
}

const examples = collectExamples();
const spec = createSpecValidator();

describe('the spec', () => {
  it('describes exactly the nine operations', () => {
    expect([...listOperationIds()].sort()).toEqual([...OPERATION_IDS].sort());
  });

  it('has examples to check in every part that carries them', () => {
    const where = (fragment: string) => examples.filter((example) => example.location.includes(fragment)).length;
    for (const part of ['/responses/', '/requestBody/', '/parameters/', '/headers/', '#/components/schemas/']) {
      expect(where(part), part).toBeGreaterThan(0);
    }
  });

  it('gives every response body named examples, and every body-less response header examples', () => {
    const missing: string[] = [];
    for (const operationId of OPERATION_IDS) {
      const pointer = spec.operation(operationId)!.pointer;
      const responses = at(`${pointer}/responses`) as JsonObject;
      for (const status of Object.keys(responses)) {
        const response = at(resolvePointer(`${pointer}/responses/${status}`)) as JsonObject;
        if (isObject(response.content)) {
          for (const [mediaType, media] of Object.entries(response.content)) {
            const named = isObject(media) && isObject(media.examples) ? Object.keys(media.examples).length : 0;
            if (named === 0) missing.push(`${operationId} ${status} ${mediaType}`);
          }
        } else if (!Object.values(response.headers ?? {}).every((header) => isObject(header) && 'example' in header)) {
          missing.push(`${operationId} ${status} headers`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('every example satisfies its schema', () => {
  for (const { location, schemaPointer, value } of examples) {
    it(`${location} satisfies ${schemaPointer}`, () => {
      const { errors } = spec.validateSchema(schemaPointer, value);
      expect(errors, `the example at ${location}`).toEqual([]);
    });
  }
});
