import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MalformedMultipartError,
  MultipartParser,
  boundaryOf,
  type MultipartEvent,
} from '../../src/emulator/multipart.ts';

/** The upload parser sees the body in whatever chunks the network delivers: the result must not depend on them. */

// undici's boundaries start like this, so file bytes can look like the start of one.
const UNDICI_BOUNDARY_PREFIX = '----formdata-undici-0';

async function encode(
  fields: Array<[string, string]>,
  file: Uint8Array<ArrayBuffer>,
): Promise<{ body: Uint8Array; boundary: string }> {
  const form = new FormData();
  for (const [key, value] of fields) form.append(key, value);
  form.append('file', new Blob([file]), 'f.bin');
  const request = new Request('http://x/', { method: 'POST', body: form });
  const boundary = boundaryOf(request.headers.get('content-type') ?? '');
  if (boundary === undefined) throw new Error('no boundary');
  return { body: new Uint8Array(await request.arrayBuffer()), boundary };
}

function parseInChunks(body: Uint8Array, boundary: string, cuts: number[]) {
  const parser = new MultipartParser(boundary);
  const events: MultipartEvent[] = [];
  let start = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < body.length)].sort((a, b) => a - b).concat(body.length)) {
    events.push(...parser.push(Buffer.from(body.subarray(start, cut))));
    start = cut;
  }
  parser.finish();
  const parts: Array<{ name: string; filename: string | undefined; bytes: Buffer }> = [];
  for (const event of events) {
    if (event.type === 'part') parts.push({ name: event.name, filename: event.filename, bytes: Buffer.alloc(0) });
    else if (event.type === 'data') parts.at(-1)!.bytes = Buffer.concat([parts.at(-1)!.bytes, event.bytes]);
  }
  return parts;
}

describe('MultipartParser', () => {
  it('reads the same fields and file however the body is split', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,12}$/), fc.string({ maxLength: 40 })), { maxLength: 5 }),
        fc.uint8Array({ maxLength: 600 }),
        fc.array(fc.nat({ max: 2000 }), { maxLength: 12 }),
        async (fields, file, cuts) => {
          // Bytes that look like the start of a boundary must stay file content.
          const tricky = new Uint8Array([...new TextEncoder().encode(`\r\n--${UNDICI_BOUNDARY_PREFIX}`), ...file]);
          const { body, boundary } = await encode(fields, tricky);
          const parts = parseInChunks(body, boundary, cuts);
          expect(parts.map((p) => p.name)).toEqual([...fields.map(([k]) => k), 'file']);
          expect(parts.slice(0, -1).map((p) => p.bytes.toString('utf8'))).toEqual(
            fields.map(([, v]) => v.replace(/\r?\n|\r/g, '\r\n')),
          );
          expect(parts.at(-1)?.filename).toBe('f.bin');
          expect(Buffer.compare(parts.at(-1)!.bytes, Buffer.from(tricky))).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a body that ends before its closing boundary', async () => {
    const { body, boundary } = await encode([['key', 'v']], new Uint8Array(10));
    expect(() => parseInChunks(body.subarray(0, body.length - 10), boundary, [])).toThrow(MalformedMultipartError);
  });

  it('reads the boundary from the Content-Type, quoted or not, and nothing from other types', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/json')).toBeUndefined();
    expect(boundaryOf(undefined)).toBeUndefined();
  });
});
