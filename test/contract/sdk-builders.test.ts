// Every SDK method, in both its builder and its params form, against Prism mocking the spec. Prism plays storage
// and the CDN too: a fetch wrapper sends the S3 and CDN hosts from the spec's examples to Prism instead, following
// the 307 itself so the redirect target also goes there. Any request Prism finds invalid fails the test.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import type { PubNubConfig } from '../../src/highlevel/config.ts';

interface Seen {
  method: string;
  url: URL;
  status: number;
  violations: string | null;
}

const seen: Seen[] = [];
afterEach(() => {
  seen.length = 0;
});

/** Which example Prism should answer with (its `Prefer` header), for all requests or chosen by URL. */
type Prefer = string | ((url: URL) => string | undefined);

/** A fetch that keeps every request on Prism, follows redirects there, and records what Prism said of each. */
function prismFetch(prefer?: Prefer): typeof fetch {
  const prism = new URL(inject('prismUrl'));
  const send = async (request: Request, hops: number): Promise<Response> => {
    const url = new URL(request.url);
    url.protocol = prism.protocol;
    url.host = prism.host;
    const headers = new Headers(request.headers);
    const preference = typeof prefer === 'function' ? prefer(url) : prefer;
    if (preference !== undefined) headers.set('Prefer', preference);
    const body = request.body === null ? null : await request.arrayBuffer();
    const response = await fetch(url, {
      method: request.method,
      headers,
      body,
      redirect: 'manual',
      signal: request.signal,
    });
    seen.push({
      method: request.method,
      url,
      status: response.status,
      violations: response.headers.get('sl-violations'),
    });
    const location = response.headers.get('Location');
    if (response.status === 307 && location !== null && request.redirect === 'follow' && hops < 3) {
      return send(new Request(location, { signal: request.signal }), hops + 1);
    }
    return response;
  };
  return ((input: RequestInfo | URL, init?: RequestInit) => send(new Request(input, init), 0)) as typeof fetch;
}

function pubnub(prefer?: Prefer, extra: Partial<PubNubConfig> = {}): PubNub {
  const prism = new URL(inject('prismUrl'));
  return new PubNub({
    subscribeKey: 'sub-c-mock',
    publishKey: 'pub-c-mock',
    userId: 'user-1',
    authKey: 'auth-key-1',
    secretKey: 'sec-c-mock',
    origin: prism.host,
    ssl: false,
    retryPolicy: false,
    fetch: prismFetch(prefer),
    ...extra,
  });
}

function expectNoViolations(): void {
  expect(seen.length).toBeGreaterThan(0);
  for (const { url, violations } of seen)
    expect(violations, `Prism found the request to ${url.pathname} invalid`).toBeNull();
}

const file = { channel: 'maps', fileId: '740ff3c3-6e0e-4849-801b-995dec393bca', fileName: 'king arthur (1).txt' };

describe('sendFile through Prism', () => {
  it('builder: generate → upload → publish, each request valid', async () => {
    const result = await pubnub()
      .sendFile()
      .channel('maps')
      .fileName('king arthur (1).txt')
      .fileObject(new Blob(['Knights who say Ni!'], { type: 'text/plain' }))
      .message({ text: 'Here is the map!' })
      .meta({ kind: 'map' })
      .ttl(24)
      .shouldStore(true)
      .customMessageType('file-share')
      .result();
    expect(result).toEqual({
      name: 'king_arthur.txt',
      fileId: '740ff3c3-6e0e-4849-801b-995dec393bca',
      timestamp: '17339246164989106',
    });
    expect(seen.map(({ method, url, status }) => `${method} ${url.pathname.split('/')[1] ?? ''} ${status}`)).toEqual([
      'POST v1 200',
      'POST  204',
      'GET v1 200',
    ]);
    expectNoViolations();
  });

  it('params form, encrypted with a per-call cipherKey', async () => {
    const result = await pubnub().sendFile({
      channel: 'maps',
      fileName: 'a.txt',
      file: 'secret',
      message: 0,
      cipherKey: 'testKey',
    });
    expect(result.timestamp).toBe('17339246164989106');
    expectNoViolations();
  });

  it('an S3 refusal from the spec (EntityTooLarge) comes back parsed', async () => {
    const onUpload = (url: URL) => (url.pathname === '/' ? 'code=400, example=entityTooLarge' : undefined);
    const envelope = await pubnub(onUpload).sendFile().channel('maps').fileName('a.txt').fileObject('x').future();
    expect(envelope.status).toMatchObject({
      error: true,
      category: 'PNBadRequestCategory',
      operation: 'PNUploadFileOperation',
      statusCode: 400,
      errorData: { code: 'EntityTooLarge', proposedSize: '5244681', maxSizeAllowed: '5242880' },
    });
    expectNoViolations();
  });
});

describe('listFiles through Prism', () => {
  it('builder and params form give the same page', async () => {
    const fromBuilder = await pubnub().listFiles().channel('maps').limit(10).next('MTczMzkyNDYxNjQ5ODkxMDY').result();
    const fromParams = await pubnub().listFiles({ channel: 'maps', limit: 10, next: 'MTczMzkyNDYxNjQ5ODkxMDY' });
    expect(fromParams).toEqual(fromBuilder);
    expect(fromBuilder).toMatchObject({ prev: null, count: 1, next: null });
    expect(fromBuilder.data[0]).toEqual({
      name: 'king_arthur.txt',
      id: '3839d0e8-7c4a-4ad2-a05b-8e4cbe4ef0f5',
      size: 48,
      created: '2025-05-05T19:12:14Z',
    });
    expectNoViolations();
  });

  it('a 403 from the spec maps to PNAccessDeniedCategory with its message', async () => {
    const envelope = await pubnub('code=403, example=tokenRevoked').listFiles().channel('maps').future();
    expect(envelope.status).toMatchObject({
      category: 'PNAccessDeniedCategory',
      statusCode: 403,
      operation: 'PNListFilesOperation',
    });
    expectNoViolations();
  });
});

describe('downloadFile through Prism', () => {
  it('builder: follows the 307 to the CDN and returns its bytes and type', async () => {
    const result = await pubnub()
      .downloadFile()
      .channel(file.channel)
      .fileId(file.fileId)
      .fileName(file.fileName)
      .result();
    expect(new TextDecoder().decode(result.data)).toBe('Knights who say Ni!');
    expect(result.name).toBe(file.fileName);
    expect(result.contentType).toMatch(/^text\/plain/);
    expect(seen.map(({ status }) => status)).toEqual([307, 200]);
    expectNoViolations();
  });

  it('params form; a 404 maps to PNNotFoundCategory', async () => {
    const result = await pubnub().downloadFile(file);
    expect(result.data.byteLength).toBeGreaterThan(0);
    const error = await pubnub('code=404')
      .downloadFile(file)
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: { category: 'PNNotFoundCategory', statusCode: 404 } });
  });
});

describe('getFileUrl against Prism', () => {
  it('builder and params form build a URL that Prism accepts as a valid getFile request', async () => {
    const fromBuilder = await pubnub()
      .getFileUrl()
      .channel(file.channel)
      .fileId(file.fileId)
      .fileName(file.fileName)
      .result();
    const fromParams = await pubnub().getFileUrl(file);
    expect(new URL(fromParams.fileUrl).pathname).toBe(new URL(fromBuilder.fileUrl).pathname);
    const response = await fetch(fromBuilder.fileUrl, { redirect: 'manual' });
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(response.status).toBe(307);
  });
});

describe('deleteFile through Prism', () => {
  it('builder and params form', async () => {
    expect(
      await pubnub().deleteFile().channel(file.channel).fileId(file.fileId).fileName(file.fileName).result(),
    ).toEqual({ status: 200 });
    expect(await pubnub().deleteFile(file)).toEqual({ status: 200 });
    expect(seen.map(({ method }) => method)).toEqual(['DELETE', 'DELETE']);
    expectNoViolations();
  });
});

describe('publishFileMessage through Prism', () => {
  it('builder and params form, plain and encrypted', async () => {
    const fromBuilder = await pubnub()
      .publishFileMessage()
      .channel(file.channel)
      .fileId(file.fileId)
      .fileName(file.fileName)
      .message({ text: 'Here is the map!' })
      .meta({ kind: 'map' })
      .ttl(24)
      .shouldStore(false)
      .customMessageType('file-share')
      .result();
    const fromParams = await pubnub(undefined, { cipherKey: 'testKey' }).publishFileMessage({
      ...file,
      message: 'caption',
    });
    expect(fromBuilder).toEqual({ timestamp: '17339246164989106' });
    expect(fromParams).toEqual(fromBuilder);
    expectNoViolations();
  });

  it('a publish refusal from the spec ([0, "Invalid Key", …]) maps to PNBadRequestCategory', async () => {
    const error = await pubnub('code=400, example=invalidKey')
      .publishFileMessage(file)
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      status: { category: 'PNBadRequestCategory', statusCode: 400, operation: 'PNPublishFileMessageOperation' },
    });
    expect(String(error)).toContain('Invalid Key');
  });
});

describe('fetchFileMessages through Prism', () => {
  it('builder and params form: only the file messages, read like file events, with signed URLs', async () => {
    const fromBuilder = await pubnub('example=fileMessages')
      .fetchFileMessages()
      .channel('maps')
      .count(2)
      .start('17339246164989999')
      .end('17339246164980000')
      .result();
    const fromParams = await pubnub('example=fileMessages').fetchFileMessages({
      channel: 'maps',
      count: 2,
      start: '17339246164989999',
      end: '17339246164980000',
    });
    expect(fromParams).toEqual(fromBuilder);
    expect(fromBuilder.next).toBe('17339246164989106');
    expect(fromBuilder.messages).toEqual([
      {
        channel: 'maps',
        timetoken: '17339246164989200',
        publisher: 'user-1',
        meta: { kind: 'map' },
        customMessageType: 'file-share',
        message: { text: 'Here is the map' },
        file: {
          id: '740ff3c3-6e0e-4849-801b-995dec393bca',
          name: 'king_arthur.txt',
          url: expect.stringContaining('/files/740ff3c3-6e0e-4849-801b-995dec393bca/king_arthur.txt?'),
        },
      },
    ]);
    const url = new URL(fromBuilder.messages[0]!.file!.url);
    expect(url.searchParams.get('auth')).toBe('auth-key-1');
    expect(url.searchParams.get('signature')).toMatch(/^v2\./);
    const history = seen.find(({ url }) => url.pathname.startsWith('/v3/history/'))!;
    expect(Object.fromEntries(history.url.searchParams)).toMatchObject({
      max: '2',
      start: '17339246164989999',
      end: '17339246164980000',
      include_meta: 'true',
      include_message_type: 'true',
      include_uuid: 'true',
      include_custom_message_type: 'true',
    });
    expectNoViolations();
  });

  it('decrypts an encrypted one with the configured key; without one it carries a decryption error', async () => {
    const { messages, next } = await pubnub('example=encrypted', { cipherKey: 'testKey' }).fetchFileMessages({
      channel: 'maps',
    });
    expect(next).toBeNull();
    expect(messages[0]).toMatchObject({
      message: { test_message: 'test' },
      file: { id: 'b32db05b-b3e6-4530-8b9b-bb01494f8eae', name: 'king_arthur.txt' },
    });
    const [unread] = (await pubnub('example=encrypted').fetchFileMessages({ channel: 'maps' })).messages;
    expect(unread).toMatchObject({ message: undefined, file: undefined, timetoken: '17339246164989300' });
    expect(unread!.error?.status).toMatchObject({
      category: 'PNDecryptionErrorCategory',
      operation: 'PNFetchMessagesOperation',
    });
  });

  it('an empty history is an empty page with no next', async () => {
    expect(await pubnub('example=empty').fetchFileMessages({ channel: 'maps' })).toEqual({ messages: [], next: null });
  });
});
