import { describe, expect, it } from 'vitest';
import { CryptoModule } from '../../src/highlevel/crypto/index.ts';
import { createCryptoModule } from '../../src/highlevel/crypto/module.ts';
import { PubNubError } from '../../src/highlevel/errors.ts';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import { signRequest } from '../../src/lowlevel/signature.ts';
import { fakeService, json, sdkOn } from '../support/sdk-fake-service.ts';
import { KEYS } from '../support/keys.ts';
import { errorOf } from '../support/errors.ts';

describe('listFiles', () => {
  it('sends limit and next when given and maps the page (prev is null: the service sends none)', async () => {
    const service = fakeService({
      list: () =>
        json({
          status: 200,
          data: [{ name: 'a.txt', id: 'id-1', size: 48, created: '2025-05-05T19:12:14Z', extra: 'dropped' }],
          next: 'TOKEN2',
          count: 1,
        }),
    });
    const result = await sdkOn(service).listFiles().channel('room 1').limit(10).next('TOKEN1').result();
    expect(result).toEqual({
      next: 'TOKEN2',
      prev: null,
      count: 1,
      data: [{ id: 'id-1', name: 'a.txt', size: 48, created: '2025-05-05T19:12:14Z' }],
    });
    const url = new URL(service.requests[0]!.url);
    expect(url.pathname).toBe('/v1/files/sub-c-test/channels/room%201/files');
    expect(url.searchParams.get('limit')).toBe('10');
    expect(url.searchParams.get('next')).toBe('TOKEN1');
  });

  it('leaves limit and next out when not given; next null on the last page', async () => {
    const service = fakeService({ list: () => json({ status: 200, data: [], next: null, count: 0 }) });
    const result = await sdkOn(service).listFiles({ channel: 'c' });
    expect(result).toEqual({ next: null, prev: null, count: 0, data: [] });
    const query = new URL(service.requests[0]!.url).searchParams;
    expect(query.has('limit')).toBe(false);
    expect(query.has('next')).toBe(false);
  });

  it('a data array with a non-object entry is a malformed response', async () => {
    const service = fakeService({ list: () => json({ status: 200, data: [null], next: null, count: 1 }) });
    const error = await errorOf(sdkOn(service).listFiles({ channel: 'c' }));
    expect(error.status).toMatchObject({
      category: 'PNMalformedResponseCategory',
      operation: 'PNListFilesOperation',
      statusCode: 200,
    });
    expect(error.message).toBe('List files failed: the answer has no data array of file objects');
  });

  it.each([
    [{ name: 'a.txt', size: 48, created: '2025-05-05T19:12:14Z' }, 'file 1 of the answer lacks a string id'],
    [
      { id: 'id-2', name: 7, size: '48', created: '2025-05-05T19:12:14Z' },
      'file 1 of the answer lacks a string name, a number size',
    ],
    [{ id: 'id-2', name: 'a.txt', size: 48 }, 'file 1 of the answer lacks a string created'],
  ])(
    'an entry without the fields a FileInfo needs is a malformed response, not undefined fields (%j)',
    async (entry, what) => {
      const good = { id: 'id-1', name: 'ok.txt', size: 1, created: '2025-05-05T19:12:14Z' };
      const service = fakeService({ list: () => json({ status: 200, data: [good, entry], next: null, count: 2 }) });
      const error = await errorOf(sdkOn(service).listFiles({ channel: 'c' }));
      expect(error.status).toMatchObject({
        category: 'PNMalformedResponseCategory',
        operation: 'PNListFilesOperation',
        statusCode: 200,
      });
      expect(error.message).toBe(`List files failed: ${what}`);
    },
  );

  it.each([0, 101, 2.5])('refuses limit %s without a request', async (limit) => {
    const service = fakeService({});
    const error = await errorOf(sdkOn(service).listFiles({ channel: 'c', limit }));
    expect(error.status).toMatchObject({ category: 'PNValidationErrorCategory', operation: 'PNListFilesOperation' });
    expect(error.message).toContain('expected a whole number from 1 to 100');
    expect(service.requests).toHaveLength(0);
  });
});

describe('getFileUrl', () => {
  it('builds the URL locally with the common query and auth, making no request', async () => {
    const service = fakeService({});
    const pubnub = new PubNub({ ...KEYS, authKey: 'tok', origin: '127.0.0.1:9', ssl: false, fetch: service.fetch });
    const { fileUrl } = await pubnub.getFileUrl().channel('a b/ü,c').fileId('id 1').fileName("it's (1).txt").result();
    const url = new URL(fileUrl);
    expect(url.origin).toBe('http://127.0.0.1:9');
    expect(url.pathname).toBe('/v1/files/sub-c-test/channels/a%20b%2F%C3%BC%2Cc/files/id%201/it%27s%20%281%29.txt');
    expect(url.searchParams.get('uuid')).toBe('user-1');
    expect(url.searchParams.get('auth')).toBe('tok');
    expect(url.searchParams.get('pnsdk')).toMatch(/^[\w-]+\/[\d.]+/);
    expect(url.searchParams.has('signature')).toBe(false);
    // A URL to keep and fetch later, not a request: no request id.
    expect(url.searchParams.has('requestid')).toBe(false);
    expect(service.requests).toHaveLength(0);
  });

  it('with a secret key, signs the URL for GET (the method that will fetch it)', async () => {
    const pubnub = new PubNub({ ...KEYS, secretKey: 'sec-c-test', origin: 'ps.pndsn.com' });
    const { fileUrl } = await pubnub.getFileUrl({ channel: 'ch1', fileId: 'id1', fileName: 'a.txt' });
    const url = new URL(fileUrl);
    expect(url.protocol).toBe('https:');
    const query = Object.fromEntries(url.searchParams);
    expect(query.timestamp).toMatch(/^\d{10}$/);
    const expected = await signRequest('sec-c-test', {
      method: 'GET',
      publishKey: 'pub-c-test',
      path: url.pathname,
      query,
    });
    expect(query.signature).toBe(expected);
    expect(query.signature).toMatch(/^v2\./);
  });

  it('validates before building', async () => {
    const envelope = await new PubNub(KEYS).getFileUrl().channel('c').fileName('a').future();
    expect(envelope.status).toMatchObject({
      error: true,
      category: 'PNValidationErrorCategory',
      operation: 'PNGetFileUrlOperation',
    });
    expect(envelope.result).toBeNull();
  });
});

describe('downloadFile', () => {
  it('GETs the file API URL and returns bytes, name and the CDN content type', async () => {
    const service = fakeService({
      file: () => new Response('Knights who say Ni!', { headers: { 'Content-Type': 'text/plain; charset=utf-8' } }),
    });
    const result = await sdkOn(service).downloadFile({ channel: 'c', fileId: 'id1', fileName: 'k.txt' });
    expect(new TextDecoder().decode(result.data)).toBe('Knights who say Ni!');
    expect(result.name).toBe('k.txt');
    expect(result.contentType).toBe('text/plain; charset=utf-8');
    const request = service.requests[0]!;
    expect(request.method).toBe('GET');
    expect(request.redirect).toBe('follow');
    expect(new URL(request.url).pathname).toBe('/v1/files/sub-c-test/channels/c/files/id1/k.txt');
  });

  it('decrypts a legacy file (the A4 vector) with the configured cipherKey', async () => {
    const stored = Uint8Array.from(
      '6b6e69676874736f666e693132333435ddd61ef6e8496187a310f1023fd0056787c5ad9392ab5d8e24fd8723fcd10226'
        .match(/../g)!
        .map((h) => parseInt(h, 16)),
    );
    const service = fakeService({ file: () => new Response(stored) });
    const result = await new PubNub({ ...KEYS, cipherKey: 'testKey', fetch: service.fetch }).downloadFile({
      channel: 'c',
      fileId: 'i',
      fileName: 'k.txt',
    });
    expect(new TextDecoder().decode(result.data)).toBe('Knights who say Ni!');
  });

  it('a per-call cipherKey decrypts instead of the configured module', async () => {
    const stored = await CryptoModule.legacyCryptoModule({ cipherKey: 'per-call' }).encryptFile(
      new TextEncoder().encode('hello'),
    );
    const service = fakeService({ file: () => new Response(stored) });
    const pubnub = new PubNub({
      ...KEYS,
      cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: 'other' }),
      fetch: service.fetch,
    });
    const result = await pubnub.downloadFile().channel('c').fileId('i').fileName('n').cipherKey('per-call').result();
    expect(new TextDecoder().decode(result.data)).toBe('hello');
  });

  it('a wrong key is a decryption error, never garbage', async () => {
    // A fixed IV: with a random one, a wrong key gives valid padding about once in 256 runs (no error to see).
    const stored = await createCryptoModule({
      cipherKey: 'right',
      acrh: true,
      useRandomIVs: true,
      randomBytes: (length) => new Uint8Array(length),
    }).encryptFile(new TextEncoder().encode('hello'));
    const service = fakeService({ file: () => new Response(stored) });
    const envelope = await new PubNub({ ...KEYS, cipherKey: 'wrong', fetch: service.fetch })
      .downloadFile()
      .channel('c')
      .fileId('i')
      .fileName('n')
      .future();
    expect(envelope.result).toBeNull();
    expect(envelope.status).toMatchObject({
      category: 'PNDecryptionErrorCategory',
      operation: 'PNDownloadFileOperation',
      statusCode: 200,
    });
  });
});

describe('deleteFile', () => {
  it('DELETEs the file and returns the service status', async () => {
    const service = fakeService({ file: () => json({ status: 200 }) });
    const result = await sdkOn(service).deleteFile().channel('c').fileId('id1').fileName('a b.txt').result();
    expect(result).toEqual({ status: 200 });
    expect(service.requests[0]!.method).toBe('DELETE');
    expect(new URL(service.requests[0]!.url).pathname).toBe('/v1/files/sub-c-test/channels/c/files/id1/a%20b.txt');
  });
});

describe('publishFileMessage', () => {
  it('publishes {message, file} with the options, returning the timetoken as a string', async () => {
    const service = fakeService({ publish: () => new Response('[1,"Sent","17339246164989106"]') });
    const result = await sdkOn(service)
      .publishFileMessage()
      .channel('c')
      .fileId('id1')
      .fileName('a.txt')
      .message({ text: 'hi' })
      .meta({ kind: 'map' })
      .ttl(24)
      .shouldStore(true)
      .customMessageType('file-share')
      .result();
    expect(result).toEqual({ timestamp: '17339246164989106' });
    const url = new URL(service.requests[0]!.url);
    const segment = decodeURIComponent(url.pathname.split('/').at(-1)!);
    expect(JSON.parse(segment)).toEqual({ message: { text: 'hi' }, file: { id: 'id1', name: 'a.txt' } });
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      store: '1',
      ttl: '24',
      meta: '{"kind":"map"}',
      custom_message_type: 'file-share',
    });
  });

  it('needs fileId (no request without it)', async () => {
    const service = fakeService({});
    const error = await errorOf(sdkOn(service).publishFileMessage({ channel: 'c', fileName: 'a' } as never));
    expect(error.message).toContain('Missing fileId');
    expect(service.requests).toHaveLength(0);
  });

  it('a publish answer without a timetoken is a malformed response', async () => {
    const service = fakeService({ publish: () => new Response('[1,"Sent"]') });
    const error = await errorOf(sdkOn(service).publishFileMessage({ channel: 'c', fileId: 'i', fileName: 'a' }));
    expect(error.status).toMatchObject({ category: 'PNMalformedResponseCategory', statusCode: 200 });
  });
});

describe('path segments', () => {
  // `.` and `..` vanish from any URL path (even as %2E): a file so named could be sent but never fetched or deleted.
  it.each(['.', '..'])('refuses %j as channel, file id or file name before any request', async (dot) => {
    const service = fakeService({});
    const pubnub = sdkOn(service);
    const file = { channel: 'c', fileId: 'id', fileName: 'a.txt' };
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['sendFile channel', () => pubnub.sendFile({ channel: dot, fileName: 'a.txt', file: 'x' })],
      ['sendFile fileName', () => pubnub.sendFile({ channel: 'c', fileName: dot, file: 'x' })],
      ['listFiles channel', () => pubnub.listFiles({ channel: dot })],
      ['getFileUrl fileId', () => pubnub.getFileUrl({ ...file, fileId: dot })],
      ['downloadFile fileName', () => pubnub.downloadFile({ ...file, fileName: dot })],
      ['deleteFile channel', () => pubnub.deleteFile({ ...file, channel: dot })],
      ['publishFileMessage fileName', () => pubnub.publishFileMessage({ ...file, fileName: dot })],
    ];
    for (const [what, call] of calls) {
      const error = await call().then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error, what).toBeInstanceOf(PubNubError);
      expect((error as PubNubError).status.category, what).toBe('PNValidationErrorCategory');
      expect((error as PubNubError).message, what).toContain(`"${dot}"`);
    }
    expect(() => pubnub.subscribe({ channels: ['ok', dot] })).toThrow(PubNubError);
    expect(service.requests).toHaveLength(0);
  });
});
