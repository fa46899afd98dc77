import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { base64ToBytes } from '../../src/lowlevel/platform.ts';
import { CryptoModule } from '../../src/highlevel/crypto/index.ts';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import {
  FORM_FIELDS,
  S3_URL,
  fakeService,
  generated,
  json,
  published,
  publishedSegment,
  recordedWaits,
  sequence,
  uploaded,
  type FakeService,
  sdkOn,
} from '../support/sdk-fake-service.ts';
import { errorOf } from '../support/errors.ts';
import { KEYS } from '../support/keys.ts';

function happyService(): FakeService {
  return fakeService({ generate: () => generated(), upload: () => uploaded(), publish: () => published() });
}

describe('sendFile orchestration', () => {
  it('generates, uploads (fields in server order, file last) and publishes, returning the server name', async () => {
    const service = fakeService({
      generate: () => generated('file-id-1', 'stored name.txt'),
      upload: () => uploaded(),
      publish: () => published('17339246164989106'),
    });
    const file = new Blob(['hello world'], { type: 'text/plain' });
    const result = await sdkOn(service).sendFile({
      channel: 'a b/ü,c',
      fileName: 'local.txt',
      file,
      message: { caption: 'hi' },
    });

    expect(result).toEqual({ name: 'stored name.txt', fileId: 'file-id-1', timestamp: '17339246164989106' });
    expect(service.calls()).toEqual(['POST generate', 'POST upload', 'GET publish']);
    const [generate, upload, publish] = service.requests;

    expect(new URL(generate!.url).pathname).toBe(
      '/v1/files/sub-c-test/channels/a%20b%2F%C3%BC%2Cc/generate-upload-url',
    );
    expect(await generate!.text()).toBe('{"name":"local.txt"}');

    expect(upload!.url).toBe(S3_URL);
    expect(new URL(upload!.url).search).toBe('');
    const form = [...(await upload!.formData()).entries()];
    expect(form.map(([key]) => key)).toEqual([...FORM_FIELDS.map((field) => field.key), 'file']);
    expect(form.slice(0, -1).map(([, value]) => value)).toEqual(FORM_FIELDS.map((field) => field.value));
    const part = form.at(-1)![1] as File;
    expect(part.name).toBe('stored name.txt');
    expect(part.type).toBe('text/plain');
    expect(await part.text()).toBe('hello world');

    const publishUrl = new URL(publish!.url);
    expect(publishUrl.pathname.startsWith('/v1/files/publish-file/pub-c-test/sub-c-test/0/a%20b%2F%C3%BC%2Cc/0/')).toBe(
      true,
    );
    expect(JSON.parse(publishedSegment(publish!))).toEqual({
      message: { caption: 'hi' },
      file: { id: 'file-id-1', name: 'stored name.txt' },
    });
    expect(publishUrl.searchParams.get('store')).toBe('1');
    expect(publishUrl.searchParams.has('ttl')).toBe(false);
    expect(publishUrl.searchParams.has('meta')).toBe(false);
    expect(publishUrl.searchParams.has('custom_message_type')).toBe(false);
    expect(publishUrl.searchParams.get('uuid')).toBe('user-1');
  });

  it('labels the file part application/octet-stream when the input has no type of its own', async () => {
    const service = happyService();
    await sdkOn(service).sendFile({ channel: 'c', fileName: 'a.bin', file: new Uint8Array([1, 2, 3]) });
    const part = (await service.requests[1]!.formData()).get('file') as File;
    expect(part.type).toBe('application/octet-stream');
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('sends ttl, meta, store=0 and custom_message_type only when given', async () => {
    const service = happyService();
    await sdkOn(service)
      .sendFile()
      .channel('c')
      .fileName('a.txt')
      .fileObject('x')
      .shouldStore(false)
      .ttl(0)
      .meta({ kind: 'map' })
      .customMessageType('file-share')
      .result();
    const query = new URL(service.requests[2]!.url).searchParams;
    expect(query.get('store')).toBe('0');
    expect(query.get('ttl')).toBe('0');
    expect(query.get('meta')).toBe('{"kind":"map"}');
    expect(query.get('custom_message_type')).toBe('file-share');
  });

  it.each([0, '', false, null])('keeps the message %j, omitting it only when not given', async (message) => {
    const service = happyService();
    await sdkOn(service).sendFile({ channel: 'c', fileName: 'a.txt', file: 'x', message });
    expect(JSON.parse(publishedSegment(service.requests[2]!))).toEqual({
      message,
      file: { id: 'file-id-1', name: 'report.txt' },
    });

    const without = happyService();
    await sdkOn(without).sendFile({ channel: 'c', fileName: 'a.txt', file: 'x' });
    expect(JSON.parse(publishedSegment(without.requests[2]!))).toEqual({
      file: { id: 'file-id-1', name: 'report.txt' },
    });
  });

  it('takes the name of a File when no fileName is given', async () => {
    const service = happyService();
    await sdkOn(service).sendFile({ channel: 'c', file: new File(['x'], 'photo.png', { type: 'image/png' }) });
    expect(await service.requests[0]!.text()).toBe('{"name":"photo.png"}');
  });
});

describe('sendFile file inputs', () => {
  const bytes = new TextEncoder().encode('Knights who say Ni!');
  const inputs: [string, () => unknown][] = [
    ['Uint8Array', () => bytes],
    ['ArrayBuffer', () => bytes.slice().buffer],
    ['Blob', () => new Blob([bytes])],
    ['string', () => 'Knights who say Ni!'],
    ['ReadableStream', () => new Blob([bytes]).stream()],
    ['Node Readable of Buffers', () => Readable.from([Buffer.from('Knights '), Buffer.from('who say Ni!')])],
    [
      'Node-style async iterable (Buffer-like chunks and strings)',
      () =>
        (async function* () {
          yield bytes.subarray(0, 5);
          yield 'ts who say Ni!';
        })(),
    ],
  ];
  it.each(inputs)('uploads the bytes of a %s', async (_, make) => {
    const service = happyService();
    await sdkOn(service).sendFile({ channel: 'c', fileName: 'k.txt', file: make() as Uint8Array });
    const part = (await service.requests[1]!.formData()).get('file') as File;
    expect(await part.text()).toBe('Knights who say Ni!');
  });

  const badChunks: [string, unknown, string][] = [
    ['ArrayBuffer', new Uint8Array([1, 2, 3]).buffer, 'ArrayBuffer'],
    ['DataView', new DataView(new Uint8Array([1, 2]).buffer), 'DataView'],
    ['object-mode item', { a: 1 }, 'Object'],
  ];
  it.each(badChunks)(
    'refuses a stream of %s chunks before any request (never uploads zeros)',
    async (_, chunk, kind) => {
      const service = happyService();
      const file = (async function* () {
        yield chunk;
      })();
      const error = await errorOf(sdkOn(service).sendFile({ channel: 'c', fileName: 'k.bin', file: file as never }));
      expect(error.status).toMatchObject({
        category: 'PNValidationErrorCategory',
        operation: 'PNPublishFileOperation',
      });
      expect(error.message).toBe(`Unsupported file stream: expected Uint8Array or string chunks, got ${kind}.`);
      expect(service.requests).toHaveLength(0);
    },
  );
});

describe('sendFile validation (no request is sent)', () => {
  const cases: [string, Record<string, unknown>, { withoutPublishKey?: true }, RegExp][] = [
    ['missing channel', { fileName: 'a', file: 'x' }, {}, /Missing channel: expected a non-empty string/],
    [
      'empty file name',
      { channel: 'c', fileName: '', file: 'x' },
      {},
      /Missing fileName: expected a non-empty string, got an empty string/,
    ],
    ['missing file', { channel: 'c', fileName: 'a' }, {}, /Missing or unsupported file: expected a Uint8Array/],
    ['unsupported file', { channel: 'c', fileName: 'a', file: 42 }, {}, /unsupported file/],
    [
      'negative ttl',
      { channel: 'c', fileName: 'a', file: 'x', ttl: -1 },
      {},
      /Invalid ttl: expected a whole number of hours/,
    ],
    [
      'array meta',
      { channel: 'c', fileName: 'a', file: 'x', meta: [1] },
      {},
      /Invalid meta: expected a plain JSON object, got an array/,
    ],
    [
      'BigInt in meta',
      { channel: 'c', fileName: 'a', file: 'x', meta: { n: 1n } },
      {},
      /Invalid meta: expected a JSON-serialisable object/,
    ],
    [
      'short customMessageType',
      { channel: 'c', fileName: 'a', file: 'x', customMessageType: 'ab' },
      {},
      /Invalid customMessageType: expected 3 to 50/,
    ],
    [
      'BigInt message',
      { channel: 'c', fileName: 'a', file: 'x', message: 1n },
      {},
      /Invalid message: expected a JSON-serialisable value/,
    ],
    ['empty cipherKey', { channel: 'c', fileName: 'a', file: 'x', cipherKey: '' }, {}, /Missing cipherKey/],
    ['no publishKey', { channel: 'c', fileName: 'a', file: 'x' }, { withoutPublishKey: true }, /Missing publishKey/],
  ];
  it.each(cases)('%s', async (_, params, config, message) => {
    const service = happyService();
    const { publishKey, ...rest } = KEYS;
    const pubnub = new PubNub({ ...rest, ...(config.withoutPublishKey ? {} : { publishKey }), fetch: service.fetch });
    const error = await errorOf(pubnub.sendFile(params as never));
    expect(error.status.category).toBe('PNValidationErrorCategory');
    expect(error.status.operation).toBe('PNPublishFileOperation');
    expect(error.message).toMatch(message);
    expect(service.requests).toHaveLength(0);
  });
});

describe('sendFile size limit (5,242,880 stored bytes), checked before any request', () => {
  it('refuses a file one byte over, naming its size and the limit', async () => {
    const service = happyService();
    const error = await errorOf(
      sdkOn(service).sendFile({ channel: 'c', fileName: 'big', file: new Uint8Array(5_242_881) }),
    );
    expect(error.status.category).toBe('PNValidationErrorCategory');
    expect(error.message).toContain('5,242,881 bytes');
    expect(error.message).toContain('5,242,880 bytes');
    expect(service.requests).toHaveLength(0);
  });

  it('accepts exactly 5,242,880 bytes', async () => {
    const service = happyService();
    await sdkOn(service).sendFile({ channel: 'c', fileName: 'big', file: new Uint8Array(5_242_880) });
    expect(service.calls()).toEqual(['POST generate', 'POST upload', 'GET publish']);
  });

  it('counts the encrypted size: a file that fits in plain text but not once encrypted is refused, both sizes named', async () => {
    const service = happyService();
    const plain = 5_242_870;
    const stored = CryptoModule.legacyCryptoModule({ cipherKey: 'k' }).encryptedFileSize(plain);
    expect(stored).toBeGreaterThan(5_242_880);
    const error = await errorOf(
      sdkOn(service, { cipherKey: 'k' }).sendFile({ channel: 'c', fileName: 'big', file: new Uint8Array(plain) }),
    );
    expect(error.message).toContain(`${stored.toLocaleString('en-US')} bytes`);
    expect(error.message).toContain('5,242,870 bytes before encryption');
    expect(error.message).toContain('5,242,880 bytes');
    expect(service.requests).toHaveLength(0);
  });

  it('stops reading a stream once it is too large, and sends nothing', async () => {
    const service = happyService();
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1_048_576));
      },
    });
    const error = await errorOf(sdkOn(service).sendFile({ channel: 'c', fileName: 'big', file: stream }));
    expect(error.message).toMatch(
      /^File too large: it would be stored as at least [\d,]+ bytes; storage accepts at most 5,242,880 bytes\.$/,
    );
    expect(pulled).toBeLessThan(10);
    expect(service.requests).toHaveLength(0);
  });
});

describe('sendFile publish retries and recovery', () => {
  it('retries the publish with exponential backoff and jitter, up to fileUploadPublishRetryLimit attempts', async () => {
    const service = fakeService({
      generate: () => generated(),
      upload: () => uploaded(),
      publish: () => json({ status: 500, error: { message: 'boom' } }, 500),
    });
    const waits = recordedWaits(0.5);
    const pubnub = sdkOn(service, {
      fileUploadPublishRetryLimit: 4,
      retryPolicy: { baseDelayMs: 100, maxDelayMs: 10_000, ...waits },
    });
    const error = await errorOf(pubnub.sendFile({ channel: 'c', fileName: 'a.txt', file: 'x' }));

    expect(service.calls()).toEqual([
      'POST generate',
      'POST upload',
      'GET publish',
      'GET publish',
      'GET publish',
      'GET publish',
    ]);
    // Equal jitter with random 0.5: 3/4 of 100, 200, 400.
    expect(waits.waits).toEqual([75, 150, 300]);
    expect(error.status).toMatchObject({
      error: true,
      operation: 'PNPublishFileMessageOperation',
      category: 'PNServerErrorCategory',
      statusCode: 500,
      channel: 'c',
      fileId: 'file-id-1',
      fileName: 'report.txt',
    });
    expect(error.message).toContain('after 4 attempts');
  });

  it('succeeds on a later attempt without uploading again', async () => {
    const service = fakeService({
      generate: () => generated(),
      upload: () => uploaded(),
      publish: sequence(
        () => new Response('[0,"Internal error","1"]', { status: 503 }),
        () => published('17000000000000001'),
      ),
    });
    const pubnub = sdkOn(service, { retryPolicy: recordedWaits() });
    const result = await pubnub.sendFile({ channel: 'c', fileName: 'a.txt', file: 'x' });
    expect(result.timestamp).toBe('17000000000000001');
    expect(service.calls()).toEqual(['POST generate', 'POST upload', 'GET publish', 'GET publish']);
  });

  it('does not retry a publish the server refused (400): retrying cannot help', async () => {
    const service = fakeService({
      generate: () => generated(),
      upload: () => uploaded(),
      publish: () => new Response('[0,"Invalid Key","1"]', { status: 400 }),
    });
    const envelope = await sdkOn(service, { retryPolicy: recordedWaits() })
      .sendFile()
      .channel('c')
      .fileName('a')
      .fileObject('x')
      .future();
    expect(envelope.result).toBeNull();
    expect(envelope.status).toMatchObject({
      category: 'PNBadRequestCategory',
      operation: 'PNPublishFileMessageOperation',
      fileId: 'file-id-1',
    });
    expect(service.calls().filter((call) => call === 'GET publish')).toHaveLength(1);
  });

  it('lets publishFileMessage finish the job from the error status, with no second upload', async () => {
    let publishUp = false;
    const service = fakeService({
      generate: () => generated(),
      upload: () => uploaded(),
      publish: () => (publishUp ? published('17999999999999999') : new Response('', { status: 502 })),
    });
    const pubnub = sdkOn(service, { fileUploadPublishRetryLimit: 2, retryPolicy: recordedWaits() });
    const { status } = await pubnub
      .sendFile()
      .channel('room')
      .fileName('a.txt')
      .fileObject('x')
      .message('caption')
      .future();
    expect(status.error).toBe(true);

    publishUp = true;
    const finished = await pubnub.publishFileMessage({
      channel: status.channel!,
      fileId: status.fileId!,
      fileName: status.fileName!,
      message: 'caption',
    });
    expect(finished).toEqual({ timestamp: '17999999999999999' });
    expect(service.calls()).toEqual(['POST generate', 'POST upload', 'GET publish', 'GET publish', 'GET publish']);
    expect(JSON.parse(publishedSegment(service.requests.at(-1)!))).toEqual({
      message: 'caption',
      file: { id: 'file-id-1', name: 'report.txt' },
    });
  });

  it('with a per-call cipherKey, publishFileMessage given the same key finishes with the message encrypted by it', async () => {
    let publishUp = false;
    const service = fakeService({
      generate: () => generated(),
      upload: () => uploaded(),
      publish: () => (publishUp ? published() : new Response('', { status: 502 })),
    });
    const pubnub = sdkOn(service, { fileUploadPublishRetryLimit: 1 });
    const { status } = await pubnub
      .sendFile()
      .channel('room')
      .fileName('a.txt')
      .fileObject('x')
      .message('caption')
      .cipherKey('per-call')
      .future();
    expect(status.error).toBe(true);

    publishUp = true;
    await pubnub
      .publishFileMessage()
      .channel(status.channel!)
      .fileId(status.fileId!)
      .fileName(status.fileName!)
      .message('caption')
      .cipherKey('per-call')
      .result();
    const segment = JSON.parse(publishedSegment(service.requests.at(-1)!)) as string;
    const perCall = CryptoModule.legacyCryptoModule({ cipherKey: 'per-call' });
    expect(JSON.parse(new TextDecoder().decode(await perCall.decrypt(base64ToBytes(segment)!)))).toEqual({
      message: 'caption',
      file: { id: 'file-id-1', name: 'report.txt' },
    });
    expect(service.calls().filter((call) => call === 'POST upload')).toHaveLength(1);
  });
});

describe('sendFile upload step', () => {
  it('parses the S3 XML error into errorData and names it in the message', async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message>' +
      '<ProposedSize>5244681</ProposedSize><MaxSizeAllowed>5242880</MaxSizeAllowed><SignatureProvided>sig-secret</SignatureProvided></Error>';
    const service = fakeService({
      generate: () => generated(),
      upload: () => new Response(xml, { status: 400, headers: { 'Content-Type': 'application/xml' } }),
    });
    const error = await errorOf(sdkOn(service).sendFile({ channel: 'c', fileName: 'a', file: 'x' }));
    expect(error.status).toMatchObject({
      operation: 'PNUploadFileOperation',
      category: 'PNBadRequestCategory',
      statusCode: 400,
      errorData: {
        code: 'EntityTooLarge',
        message: 'Your proposed upload exceeds the maximum allowed size',
        proposedSize: '5244681',
        maxSizeAllowed: '5242880',
      },
    });
    expect(error.message).toContain('EntityTooLarge: Your proposed upload exceeds');
    expect(JSON.stringify(error)).not.toContain('sig-secret');
    expect(service.calls()).toEqual(['POST generate', 'POST upload']);
  });

  it('asks for a fresh upload URL before retrying a failed upload (the form is one-shot)', async () => {
    let generates = 0;
    const service = fakeService({
      generate: () => generated(`file-id-${++generates}`),
      upload: sequence(
        () =>
          new Response('<Error><Code>SlowDown</Code><Message>Reduce your request rate</Message></Error>', {
            status: 503,
          }),
        () => uploaded(),
      ),
      publish: () => published(),
    });
    const result = await sdkOn(service, { retryPolicy: recordedWaits() }).sendFile({
      channel: 'c',
      fileName: 'a',
      file: 'x',
    });
    expect(service.calls()).toEqual(['POST generate', 'POST upload', 'POST generate', 'POST upload', 'GET publish']);
    expect(result.fileId).toBe('file-id-2');
  });

  it('asks for a fresh form when storage says the form expired (403 AccessDenied), but not on other 403s', async () => {
    const expired =
      '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy expired.</Message></Error>';
    const refused = '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
    let generates = 0;
    const service = fakeService({
      generate: () => generated(`file-id-${++generates}`),
      upload: sequence(
        () => new Response(expired, { status: 403, headers: { 'Content-Type': 'application/xml' } }),
        () => uploaded(),
      ),
      publish: () => published(),
    });
    const result = await sdkOn(service, { retryPolicy: recordedWaits() }).sendFile({
      channel: 'c',
      fileName: 'a',
      file: 'x',
    });
    expect(service.calls()).toEqual(['POST generate', 'POST upload', 'POST generate', 'POST upload', 'GET publish']);
    expect(result.fileId).toBe('file-id-2');

    const denying = fakeService({
      generate: () => generated(),
      upload: () => new Response(refused, { status: 403, headers: { 'Content-Type': 'application/xml' } }),
    });
    const error = await errorOf(
      sdkOn(denying, { retryPolicy: recordedWaits() }).sendFile({ channel: 'c', fileName: 'a', file: 'x' }),
    );
    expect(error.status).toMatchObject({
      operation: 'PNUploadFileOperation',
      category: 'PNAccessDeniedCategory',
      statusCode: 403,
    });
    expect(denying.calls()).toEqual(['POST generate', 'POST upload']);
  });

  it('requires 204 from storage', async () => {
    const service = fakeService({ generate: () => generated(), upload: () => new Response('ok', { status: 200 }) });
    const error = await errorOf(sdkOn(service).sendFile({ channel: 'c', fileName: 'a', file: 'x' }));
    expect(error.status).toMatchObject({
      category: 'PNMalformedResponseCategory',
      operation: 'PNUploadFileOperation',
      statusCode: 200,
    });
    expect(error.message).toContain('expected 204');
  });

  it('does not retry generating the upload URL (a POST that reserves a file id)', async () => {
    const service = fakeService({ generate: () => json({ status: 500, error: { message: 'down' } }, 500) });
    const error = await errorOf(
      sdkOn(service, { retryPolicy: recordedWaits() }).sendFile({ channel: 'c', fileName: 'a', file: 'x' }),
    );
    expect(error.status).toMatchObject({
      operation: 'PNGenerateUploadUrlOperation',
      category: 'PNServerErrorCategory',
      statusCode: 500,
    });
    expect(service.calls()).toEqual(['POST generate']);
  });
});

describe('sendFile encryption', () => {
  it('with a configured cipherKey stores legacy-encrypted bytes and publishes an encrypted, quoted base64 message', async () => {
    const service = happyService();
    await sdkOn(service, { cipherKey: 'testKey' }).sendFile({
      channel: 'c',
      fileName: 'k.txt',
      file: 'Knights who say Ni!',
      message: 'caption',
    });
    const legacy = CryptoModule.legacyCryptoModule({ cipherKey: 'testKey' });

    const part = (await service.requests[1]!.formData()).get('file') as File;
    expect(part.type).toBe('application/octet-stream');
    const stored = new Uint8Array(await part.arrayBuffer());
    expect(stored.byteLength).toBe(legacy.encryptedFileSize(19));
    expect(new TextDecoder().decode(await legacy.decryptFile(stored))).toBe('Knights who say Ni!');

    const segment = JSON.parse(publishedSegment(service.requests[2]!)) as string;
    expect(typeof segment).toBe('string');
    const message = new TextDecoder().decode(await legacy.decrypt(base64ToBytes(segment)!));
    expect(JSON.parse(message)).toEqual({ message: 'caption', file: { id: 'file-id-1', name: 'report.txt' } });
  });

  it('a per-call cipherKey wins over the configured crypto module, for the file and the message', async () => {
    const service = happyService();
    await sdkOn(service, { cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: 'configured' }) }).sendFile({
      channel: 'c',
      fileName: 'k.txt',
      file: 'secret',
      cipherKey: 'per-call',
    });
    const stored = new Uint8Array(await ((await service.requests[1]!.formData()).get('file') as File).arrayBuffer());
    // Legacy format: no PNED header.
    expect(new TextDecoder().decode(stored.subarray(0, 4))).not.toBe('PNED');
    const perCall = CryptoModule.legacyCryptoModule({ cipherKey: 'per-call' });
    expect(new TextDecoder().decode(await perCall.decryptFile(stored))).toBe('secret');
    const segment = JSON.parse(publishedSegment(service.requests[2]!)) as string;
    expect(JSON.parse(new TextDecoder().decode(await perCall.decrypt(base64ToBytes(segment)!)))).toEqual({
      file: { id: 'file-id-1', name: 'report.txt' },
    });
  });

  it('an AES-CBC crypto module writes the PNED header', async () => {
    const service = happyService();
    await sdkOn(service, { cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' }) }).sendFile({
      channel: 'c',
      fileName: 'a',
      file: 'x',
    });
    const stored = new Uint8Array(await ((await service.requests[1]!.formData()).get('file') as File).arrayBuffer());
    expect(new TextDecoder().decode(stored.subarray(0, 4))).toBe('PNED');
    expect(JSON.parse(publishedSegment(service.requests[2]!))).toMatch(/^UE5FRAFBQ1JI/);
  });
});
