// Judges a Prism response by the spec: no request violations, and a body valid against the declared schema.
import { expect } from 'vitest';
import { createSpecValidator } from '../support/spec.ts';

const validator = createSpecValidator();

function isJson(mediaType: string | null): boolean {
  return mediaType !== null && /^application\/([\w.+-]*\+)?json\b/i.test(mediaType);
}

/**
 * Asserts Prism saw nothing wrong with the request (no `sl-violations`), and that the body is what the spec declares
 * for this operation, status and media type. Returns the body: parsed for JSON, text otherwise, `undefined` if empty.
 */
export async function expectConforming(operationId: string, response: Response): Promise<unknown> {
  expect(response.headers.get('sl-violations'), 'request violations reported by Prism').toBeNull();
  const mediaType = response.headers.get('content-type');
  const text = await response.text();
  const body = text === '' ? undefined : isJson(mediaType) ? (JSON.parse(text) as unknown) : text;
  const result = validator.validateResponse(operationId, response.status, mediaType ?? undefined, body);
  expect(result.errors, `${operationId} ${response.status} ${mediaType ?? '(no body)'}`).toEqual([]);
  return body;
}
