import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { paths } from '../../src/generated/pubnub-files.ts';
import { createFilesClient, type FilesClientOptions } from '../../src/lowlevel/client.ts';
import { createUploadForm } from '../../src/lowlevel/upload-form.ts';
import { DEFAULT_PNSDK, SDK_VERSION } from '../../src/lowlevel/version.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const LIST = '/v1/files/{sub_key}/channels/{channel}/files';
const ONE_FILE = '/v1/files/{sub_key}/channels/{channel}/files/{file_id}/{file_name}';
const GENERATE = '/v1/files/{sub_key}/channels/{channel}/generate-upload-url';

/** A client whose fetch records every Request it is given and answers a fixed JSON body. */
function recordingClient(options: Partial<FilesClientOptions> = {}) {
  const requests: Request[] = [];
  const client = createFilesClient({
    userId: 'user-1',
    fetch: async (request) => {
      requests.push(request);
      return Response.json({ status: 200, data: [], next: null, count: 0 });
    },
    ...options,
  });
  return { client, requests };
}

function rawQuery(request: Request): string[] {
  return new URL(request.url).search.slice(1).split('&');
}

function listParams(channel = 'ch1') {
  return { params: { path: { sub_key: 'sub-c-mock', channel }, query: { limit: 100 } } };
}

/** Recomputes A3 independently (node:crypto, raw wire text) from a recorded request. */
async function expectedSignature(request: Request, secretKey: string, publishKey: string): Promise<string> {
  const url = new URL(request.url);
  const query = url.search
    .slice(1)
    .split('&')
    .filter((pair) => !pair.startsWith('signature='))
    .sort((a, b) => (a.split('=')[0]! < b.split('=')[0]! ? -1 : 1))
    .join('&');
  const body = await request.clone().text();
  const signed = `${request.method}\n${publishKey}\n${url.pathname}\n${query}\n${body}`;
  return `v2.${createHmac('sha256', secretKey).update(signed).digest('base64url')}`;
}

describe('createFilesClient options', () => {
  it('refuses a missing or empty userId with a TypeError that names it', () => {
    expect(() => createFilesClient({} as FilesClientOptions)).toThrow(TypeError);
    expect(() => createFilesClient({ userId: '' })).toThrow(/userId/);
  });

  it('refuses a secretKey without the publishKey that signing needs', () => {
    expect(() => createFilesClient({ userId: 'u', secretKey: 'sec-c-mock' })).toThrow(/publishKey/);
  });

  it('talks https to ps.pndsn.com by default, plain http to an explicit origin with ssl false, or to baseUrl', async () => {
    const byDefault = recordingClient();
    await byDefault.client.GET(LIST, listParams());
    expect(byDefault.requests[0]!.url).toMatch(
      /^https:\/\/ps\.pndsn\.com\/v1\/files\/sub-c-mock\/channels\/ch1\/files\?/,
    );

    const local = recordingClient({ origin: '127.0.0.1:4010', ssl: false });
    await local.client.GET(LIST, listParams());
    expect(local.requests[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:4010\/v1\/files\//);

    const explicit = recordingClient({ baseUrl: 'http://localhost:9/prefix', origin: 'ignored.example' });
    await explicit.client.GET(LIST, listParams());
    expect(explicit.requests[0]!.url).toMatch(/^http:\/\/localhost:9\/prefix\/v1\/files\//);
  });

  it('keeps the version in one place, equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
    expect(DEFAULT_PNSDK).toBe(`PubNubFiles-TS/${pkg.version}`);
  });
});

describe('common query (docs/protocol.md A1)', () => {
  it('adds uuid, pnsdk (with %2F) and a fresh UUID v4 requestid to every call, and no auth or signature unasked', async () => {
    const { client, requests } = recordingClient();
    await client.GET(LIST, listParams());
    await client.GET(LIST, listParams());
    const [first, second] = requests.map((request) => new URL(request.url).searchParams);
    expect(rawQuery(requests[0]!)).toEqual(
      expect.arrayContaining(['limit=100', 'uuid=user-1', `pnsdk=PubNubFiles-TS%2F${SDK_VERSION}`]),
    );
    expect(first!.get('requestid')).toMatch(UUID_V4);
    expect(second!.get('requestid')).toMatch(UUID_V4);
    expect(first!.get('requestid')).not.toBe(second!.get('requestid'));
    for (const name of ['auth', 'timestamp', 'signature']) expect(first!.has(name)).toBe(false);
  });

  it('sends a custom pnsdk and the auth key, percent-encoded', async () => {
    const { client, requests } = recordingClient({ pnsdk: 'PubNub-JS-Nodejs/12.0.3', authKey: 'tok en+/=' });
    await client.GET(LIST, listParams());
    expect(rawQuery(requests[0]!)).toEqual(
      expect.arrayContaining(['pnsdk=PubNub-JS-Nodejs%2F12.0.3', 'auth=tok%20en%2B%2F%3D']),
    );
  });

  it('encodes query values as A1 (space %20, never +; ~ escaped)', async () => {
    const { client, requests } = recordingClient();
    await client.GET(LIST, {
      params: { path: { sub_key: 'sub-c-mock', channel: 'ch1' }, query: { limit: 5, next: "a b+/~!*'()" } },
    });
    expect(rawQuery(requests[0]!)).toContain('next=a%20b%2B%2F%7E%21%2A%27%28%29');
  });
});

describe('path segments arrive exactly encoded (docs/protocol.md A1, B2)', () => {
  it("escapes channel, file id and file name, including / ~ !*'() + % # ? and an emoji", async () => {
    const { client, requests } = recordingClient();
    await client.DELETE(ONE_FILE, {
      params: { path: { sub_key: 'sub-c-mock', channel: 'a b/ü,c', file_id: '~', file_name: "!*'()+%#?🦄.txt" } },
    });
    expect(new URL(requests[0]!.url).pathname).toBe(
      '/v1/files/sub-c-mock/channels/a%20b%2F%C3%BC%2Cc/files/%7E/%21%2A%27%28%29%2B%25%23%3F%F0%9F%A6%84.txt',
    );
  });
});

describe('operations with their own shape', () => {
  it('joins subscribe channels with literal commas, each encoded', async () => {
    const { client, requests } = recordingClient();
    await client.GET('/v2/subscribe/{sub_key}/{channels}/0', {
      params: { path: { sub_key: 'sub-c-mock', channels: ['a b', 'c,d'] }, query: { tt: '0' } },
    });
    expect(new URL(requests[0]!.url).pathname).toBe('/v2/subscribe/sub-c-mock/a%20b,c%2Cd/0');
  });

  it("types the common query as the client's own: callers cannot pass uuid", async () => {
    const { client } = recordingClient();
    await client.GET(LIST, {
      // @ts-expect-error uuid is added by the middleware, never by the caller
      params: { path: { sub_key: 'sub-c-mock', channel: 'ch1' }, query: { uuid: 'someone-else' } },
    });
  });
});

describe('storage operations carry no PubNub query (docs/protocol.md A1)', () => {
  const options = { secretKey: 'sec-c-mock', publishKey: 'pub-c-mock', authKey: 'auth-1' };

  it("are told by their path: the spec's only ones without a /v<n>/ prefix", () => {
    expectTypeOf<Exclude<keyof paths, `/v${number}/${string}`>>().toEqualTypeOf<
      '/' | '/{sub_key}/{opaque}/{file_id}/{file_name}'
    >();
  });

  it('uploads the presigned form, in order with file last, to the given URL untouched', async () => {
    const { client, requests } = recordingClient(options);
    const fields = [
      { key: 'tagging', value: '<Tagging/>' },
      { key: 'key', value: 'sub-c-mock/opaque/id-1/a b.txt' },
      { key: 'Content-Type', value: 'text/plain' },
      { key: 'X-Amz-Signature', value: 'abc' },
    ];
    await client.POST('/', {
      baseUrl: 'https://bucket.example/',
      body: createUploadForm(fields, new Blob(['hello']), 'a b.txt'),
    });
    const request = requests[0]!;
    expect(request.url).toBe('https://bucket.example/');
    const form = await request.formData();
    expect([...form.keys()]).toEqual(['tagging', 'key', 'Content-Type', 'X-Amz-Signature', 'file']);
    expect(form.get('key')).toBe('sub-c-mock/opaque/id-1/a b.txt');
    const file = form.get('file') as File;
    expect(file.name).toBe('a b.txt');
    expect(await file.text()).toBe('hello');
  });

  it('downloads with only the presigned query', async () => {
    const { client, requests } = recordingClient(options);
    await client.GET('/{sub_key}/{opaque}/{file_id}/{file_name}', {
      baseUrl: 'https://files-us-east-1.example',
      parseAs: 'blob',
      params: {
        path: { sub_key: 'sub-c-mock', opaque: 'op', file_id: 'id-1', file_name: 'a b.txt' },
        query: {
          'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
          'X-Amz-Credential': 'AKIA/20241211/us-east-1/s3/aws4_request',
          'X-Amz-Date': '20241211T130000Z',
          'X-Amz-Expires': 3900,
          'X-Amz-SignedHeaders': 'host',
          'X-Amz-Signature': 'f'.repeat(64),
        },
      },
    });
    expect(requests[0]!.url).toBe(
      'https://files-us-east-1.example/sub-c-mock/op/id-1/a%20b.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIA%2F20241211%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20241211T130000Z' +
        `&X-Amz-Expires=3900&X-Amz-SignedHeaders=host&X-Amz-Signature=${'f'.repeat(64)}`,
    );
  });
});

describe('v2 signature (docs/protocol.md A3)', () => {
  const signing = { secretKey: 'sec-c-mock', publishKey: 'pub-c-mock', now: () => 1795750399_999 };

  it('signs the request as sent, deterministically, with timestamp in Unix seconds', async () => {
    const { client, requests } = recordingClient({
      ...signing,
      pnsdk: 'PubNub-JS-Nodejs/12.0.3',
      requestId: () => 'req-1',
    });
    await client.GET(LIST, listParams());
    const signed =
      'GET\npub-c-mock\n/v1/files/sub-c-mock/channels/ch1/files\n' +
      'limit=100&pnsdk=PubNub-JS-Nodejs%2F12.0.3&requestid=req-1&timestamp=1795750399&uuid=user-1\n';
    const expected = `v2.${createHmac('sha256', 'sec-c-mock').update(signed).digest('base64url')}`;
    const query = new URL(requests[0]!.url).searchParams;
    expect(query.get('timestamp')).toBe('1795750399');
    expect(query.get('signature')).toBe(expected);
  });

  it('covers the exact POST body, the encoded path and the auth key', async () => {
    const { client, requests } = recordingClient({ ...signing, authKey: 'a+b' });
    await client.POST(GENERATE, {
      params: { path: { sub_key: 'sub-c-mock', channel: 'a b/ü' } },
      body: { name: 'ü x.txt' },
    });
    const request = requests[0]!;
    expect(await request.clone().text()).toBe('{"name":"ü x.txt"}');
    expect(rawQuery(request)).toContain('auth=a%2Bb');
    expect(new URL(request.url).searchParams.get('signature')).toBe(
      await expectedSignature(request, 'sec-c-mock', 'pub-c-mock'),
    );
  });

  it('signs a publish whose message segment is percent-encoded JSON', async () => {
    const { client, requests } = recordingClient(signing);
    const message = JSON.stringify({ message: 'hi!', file: { id: 'id-1', name: 'a (1).txt' } });
    await client.GET('/v1/files/publish-file/{pub_key}/{sub_key}/0/{channel}/0/{message}', {
      params: {
        path: { pub_key: 'pub-c-mock', sub_key: 'sub-c-mock', channel: 'ch1', message },
        query: { store: 1, meta: '{"k":"v"}' },
      },
    });
    const request = requests[0]!;
    expect(new URL(request.url).pathname).toBe(
      '/v1/files/publish-file/pub-c-mock/sub-c-mock/0/ch1/0/' +
        '%7B%22message%22%3A%22hi%21%22%2C%22file%22%3A%7B%22id%22%3A%22id-1%22%2C%22name%22%3A%22a%20%281%29.txt%22%7D%7D',
    );
    expect(new URL(request.url).searchParams.get('signature')).toBe(
      await expectedSignature(request, 'sec-c-mock', 'pub-c-mock'),
    );
  });
});
