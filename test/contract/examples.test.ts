// Every named response example in the spec, errors included, asked of Prism with `Prefer: code=…, example=…`
// through the low-level client: each must be served with its status and media type, and conform to its schema.
import { describe, expect, it } from 'vitest';
import { at, isObject, resolvePointer } from '../support/spec.ts';
import { createSpecValidator } from '../support/spec.ts';
import { callOperation, operationIds } from './calls.ts';
import { expectConforming } from './conformance.ts';

interface NamedExample {
  status: number;
  mediaType: string;
  name: string;
  value: unknown;
}

function namedExamples(operationId: string): NamedExample[] {
  const operation = createSpecValidator().operation(operationId)!;
  const responses = at(`${operation.pointer}/responses`);
  if (!isObject(responses)) return [];
  return Object.keys(responses).flatMap((status) => {
    const content = at(`${resolvePointer(`${operation.pointer}/responses/${status}`)}/content`);
    if (!isObject(content)) return [];
    return Object.entries(content).flatMap(([mediaType, media]) => {
      const examples = isObject(media) ? media.examples : undefined;
      if (!isObject(examples)) return [];
      return Object.entries(examples).map(([name, example]) => ({
        status: Number(status),
        mediaType,
        name,
        value: isObject(example) ? example.value : undefined,
      }));
    });
  });
}

describe('every named response example, through Prism', () => {
  for (const operationId of operationIds) {
    for (const example of namedExamples(operationId)) {
      it(`${operationId} ${example.status} ${example.mediaType} "${example.name}"`, async () => {
        const response = await callOperation(operationId, {
          headers: { Prefer: `code=${example.status}, example=${example.name}`, Accept: example.mediaType },
        });
        expect(response.status).toBe(example.status);
        if (example.mediaType !== '*/*') {
          expect(response.headers.get('content-type')?.split(';')[0]).toBe(example.mediaType);
        }
        expect(await expectConforming(operationId, response)).toEqual(example.value);
      });
    }
  }
});

describe('the error forms docs/protocol.md A1/A2 name are all exemplified', () => {
  const all = operationIds.flatMap((operationId) => namedExamples(operationId).map((e) => ({ operationId, ...e })));
  const has = (predicate: (e: (typeof all)[number]) => boolean) => all.some(predicate);

  it('Access Manager 403, files-service 400/402/404/500, publish error array, S3 XML', () => {
    expect(has((e) => e.status === 403 && isObject(e.value) && e.value.service === 'Access Manager')).toBe(true);
    for (const status of [400, 402, 404, 500]) {
      expect(
        has((e) => e.status === status && isObject(e.value) && isObject(e.value.error)),
        `files ${status}`,
      ).toBe(true);
    }
    expect(
      has((e) => e.operationId === 'publishFileMessage' && typeof e.value === 'string' && e.value.startsWith('[0,')),
    ).toBe(true);
    expect(
      has((e) => e.mediaType === 'application/xml' && String(e.value).includes('<Code>EntityTooLarge</Code>')),
    ).toBe(true);
  });
});
