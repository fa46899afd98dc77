// A bounded fuzz run (fast-check, fixed seed, a few hundred runs each) of the emulator's request parsing and of the
// SDK's response handling. A failure prints the seed and the shrunk input; each crash found becomes a catalogue case.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import {
  boundaryOf,
  MalformedMultipartError,
  MultipartParser,
  type MultipartEvent,
} from '../../src/emulator/multipart.ts';
import { parseQuery, queryRecord } from '../../src/emulator/query.ts';
import { SpecRoutes } from '../../src/emulator/spec-routes.ts';
import { resolveConfig } from '../../src/highlevel/config.ts';
import { createContext } from '../../src/highlevel/context.ts';
import { isPubNubError } from '../../src/highlevel/errors.ts';
import { parseErrorBody, responseFailure } from '../../src/highlevel/http-errors.ts';
import { toFileEvent, type SubscribeItem } from '../../src/highlevel/subscribe/file-event.ts';
import { emulatorClient, startTestEmulator } from '../support/emulator-harness.ts';
import { client, expectTypedError, SECRETS } from './support.ts';
import { rawExchange } from './raw-http.ts';

const SEED = 20261203;
const runs = (numRuns: number) => ({ seed: SEED, numRuns });

/** Multipart events folded into what a form means: its fields and its parts' bytes, in order. */
function fold(events: MultipartEvent[]): string {
  return events
    .map((e) =>
      e.type === 'part' ? `part:${e.name}:${e.filename}` : e.type === 'data' ? e.bytes.toString('hex') : 'end',
    )
    .join('|')
    .replace(/\|(?=[0-9a-f])/g, '');
}

function parseInChunks(body: Uint8Array, cuts: number[]): { events: string; error?: string } {
  const parser = new MultipartParser('BOUNDARY');
  const events: MultipartEvent[] = [];
  let start = 0;
  try {
    for (const cut of [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b).concat(body.length)) {
      events.push(...parser.push(Buffer.from(body.subarray(start, cut))));
      start = cut;
    }
    parser.finish();
    return { events: fold(events) };
  } catch (error) {
    if (!(error instanceof MalformedMultipartError)) throw error;
    return { events: fold(events), error: 'malformed' };
  }
}

const part = fc.record({
  name: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
  value: fc.uint8Array({ maxLength: 300 }),
  filename: fc.option(fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/), { nil: undefined }),
});

function formBody(parts: Array<{ name: string; value: Uint8Array; filename: string | undefined }>): Uint8Array {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const filename = p.filename === undefined ? '' : `; filename="${p.filename}"`;
    chunks.push(
      Buffer.from(`--BOUNDARY\r\nContent-Disposition: form-data; name="${p.name}"${filename}\r\n\r\n`),
      Buffer.from(p.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from('--BOUNDARY--\r\n'));
  return new Uint8Array(Buffer.concat(chunks));
}

describe('fuzz: the emulator request parsing', () => {
  it('the multipart parser reads any valid form the same however its bytes are split', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (parts, cuts) => {
        const body = formBody(parts);
        const whole = parseInChunks(body, []);
        expect(whole.error).toBeUndefined();
        expect(parseInChunks(body, cuts)).toEqual(whole);
        // Every value comes back byte for byte, whatever bytes it holds (a boundary lookalike never passes for one:
        // values are random bytes, not the delimiter `\r\n--BOUNDARY`).
        const values = whole.events.split('end').length - 1;
        expect(values).toBe(parts.length);
      }),
      runs(300),
    );
  });

  it('the multipart parser fails on any bytes only with MalformedMultipartError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 5 }), (bytes, cuts) => {
        parseInChunks(bytes, cuts);
      }),
      runs(400),
    );
  });

  it('mutated valid forms too', () => {
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (parts, at, byte) => {
          const body = formBody(parts);
          body[at % body.length] = byte;
          parseInChunks(body, [at]);
        },
      ),
      runs(400),
    );
  });

  it('boundaryOf, parseQuery and queryRecord take any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        boundaryOf(text);
        boundaryOf(`multipart/form-data; ${text}`);
        queryRecord(parseQuery(text));
      }),
      runs(500),
    );
  });

  it('the spec router matches any path and query without throwing', async () => {
    const routes = await SpecRoutes.load();
    const segment = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom(
        'v1',
        'files',
        'channels',
        'files',
        'generate-upload-url',
        'publish-file',
        '0',
        'v2',
        'subscribe',
        '%',
        '%zz',
        '%C0%AE',
        '..',
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'),
        fc.array(segment, { maxLength: 9 }),
        fc.string({ maxLength: 80 }),
        (method, segments, query) => {
          const match = routes.match(method, `/${segments.join('/')}`, parseQuery(query));
          if (match !== undefined) expect(typeof match.ok).toBe('boolean');
        },
      ),
      runs(500),
    );
  });
});

describe('fuzz: the running emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.close());

  it('answers any request line with a status and a body, and keeps serving', async () => {
    const pathChar = fc.constantFrom(..."abc/%.?&=#+ 09AZ-_~:@!$'()*,;ü".split(''), '%2F', '%2E', '%00', '%ZZ', '..');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE', 'OPTIONS', 'PATCH'),
        fc.array(pathChar, { maxLength: 40 }),
        fc.string({ maxLength: 60 }),
        async (method, chars, body) => {
          const path = `/${chars.join('')}`.replace(/ /g, '%20');
          const request = `${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
          const answer = await rawExchange(emulator.origin, [request]);
          expect(answer.statuses).toHaveLength(1);
          expect(answer.statuses[0]).not.toBe(500);
          if (answer.statuses[0]! >= 400) expect(answer.text).toMatch(/\r\n\r\n[{<[]/);
        },
      ),
      runs(120),
    );
    expect((await emulatorClient(emulator).listFiles('room')).status).toBe(200);
  }, 120_000);

  it('answers any upload body with S3 XML, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.constantFrom('multipart/form-data; boundary=BOUNDARY', 'multipart/form-data; boundary=x', 'text/plain'),
        async (bytes, type) => {
          const response = await fetch(`${emulator.url}/storage/`, {
            method: 'POST',
            body: bytes,
            headers: { 'Content-Type': type },
          });
          const text = await response.text();
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(text).toContain('<Error><Code>');
        },
      ),
      runs(120),
    );
  }, 120_000);
});

describe('fuzz: the SDK response handling', () => {
  it('any error body becomes a PubNubError with no secret in it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 599 }),
        fc.oneof(
          fc.anything(),
          fc.string(),
          fc.constant(`<Error><Code>X</Code><Message>${SECRETS.authKey}?auth=${SECRETS.authKey}</Message></Error>`),
        ),
        (status, body) => {
          parseErrorBody(body);
          const { error } = responseFailure('PNListFilesOperation', new Response(null, { status }), body);
          expect(isPubNubError(error)).toBe(true);
          expect(error.message).not.toContain(`auth=${SECRETS.authKey}`);
        },
      ),
      runs(500),
    );
  });

  const answer = fc.record({
    status: fc.integer({ min: 200, max: 599 }),
    retryAfter: fc.option(fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String), fc.constant('1e400')), {
      nil: undefined,
    }),
    body: fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.uint8Array({ maxLength: 64 }),
    ),
    contentType: fc.constantFrom(
      'application/json',
      'text/html',
      'application/xml',
      'text/javascript; charset="UTF-8"',
      'application/octet-stream',
    ),
  });

  it.each([
    ['listFiles', (p: ReturnType<typeof client>) => p.listFiles({ channel: 'room' })],
    ['downloadFile', (p: ReturnType<typeof client>) => p.downloadFile({ channel: 'room', fileId: 'i', fileName: 'n' })],
    ['deleteFile', (p: ReturnType<typeof client>) => p.deleteFile({ channel: 'room', fileId: 'i', fileName: 'n' })],
    [
      'publishFileMessage',
      (p: ReturnType<typeof client>) => p.publishFileMessage({ channel: 'room', fileId: 'i', fileName: 'n' }),
    ],
    ['sendFile', (p: ReturnType<typeof client>) => p.sendFile({ channel: 'room', fileName: 'n', file: 'x' })],
  ] as const)(
    '%s settles with a typed error or a result for any answer',
    async (_, call) => {
      await fc.assert(
        fc.asyncProperty(answer, async ({ status, retryAfter, body, contentType }) => {
          const headers: Record<string, string> = {
            'Content-Type': contentType,
            ...(retryAfter === undefined ? {} : { 'Retry-After': retryAfter }),
          };
          const fetch = (async () =>
            new Response(status === 204 || status === 205 ? null : (body as BodyInit), {
              status,
              headers,
            })) as typeof globalThis.fetch;
          const pubnub = client({ fetch, ...SECRETS, retryPolicy: false, fileUploadPublishRetryLimit: 1 });
          await call(pubnub).then(
            () => undefined,
            (thrown: unknown) => void expectTypedError(thrown),
          );
        }),
        runs(150),
      );
    },
    120_000,
  );

  it('any subscribe item of type 4 becomes an event with a file or an error, never a throw', async () => {
    const context = createContext(resolveConfig({ subscribeKey: 'sub-c-fuzz', userId: 'u', cipherKey: 'k' }));
    const item = fc.record(
      {
        e: fc.constant(4),
        c: fc.oneof(fc.string(), fc.anything()),
        p: fc.oneof(fc.record({ t: fc.string() }), fc.anything()),
        d: fc.oneof(
          fc.anything(),
          fc.base64String(),
          fc.record({ file: fc.record({ id: fc.string(), name: fc.string({ unit: 'binary' }) }) }),
        ),
        b: fc.anything(),
        i: fc.anything(),
        u: fc.anything(),
      },
      { requiredKeys: ['e'] },
    );
    await fc.assert(
      fc.asyncProperty(item, async (raw) => {
        const event = await toFileEvent(context, raw as unknown as SubscribeItem);
        expect(event.error === undefined).toBe(event.file !== undefined);
        if (event.error !== undefined) expectTypedError(event.error);
      }),
      runs(400),
    );
  });
});
