import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import {
  conforming,
  digest,
  emulatorClient,
  enc,
  patternBytes,
  startTestEmulator,
  SUB_KEY,
  TRICKY_NAMES,
  USER,
} from '../support/emulator-harness.ts';

let emulator: RunningEmulator;
let client: ReturnType<typeof emulatorClient>;

beforeEach(async () => {
  emulator = await startTestEmulator();
  client = emulatorClient(emulator);
});
afterEach(() => emulator.close());

describe('the upload flow over raw HTTP', () => {
  it('hands out an S3-style form on the emulator whose policy carries the real conditions', async () => {
    await emulator.close();
    emulator = await startTestEmulator({ now: () => Date.parse('2024-12-11T13:43:35.250Z') });
    client = emulatorClient(emulator);
    const { body } = await client.generateUploadUrl('maps', 'king_arthur.txt');
    expect(body.status).toBe(200);
    expect(body.data.name).toBe('king_arthur.txt');
    expect(body.data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const form = body.file_upload_request;
    expect(form.url.startsWith(emulator.url)).toBe(true);
    expect(form.method).toBe('POST');
    expect(form.form_fields.map((f) => f.key)).toEqual([
      'tagging',
      'key',
      'Content-Type',
      'X-Amz-Credential',
      'X-Amz-Security-Token',
      'X-Amz-Algorithm',
      'X-Amz-Date',
      'Policy',
      'X-Amz-Signature',
    ]);
    const field = (key: string) => form.form_fields.find((f) => f.key === key)?.value ?? '';
    expect(field('key')).toMatch(new RegExp(`^${SUB_KEY}/[A-Za-z0-9_-]{43}/${body.data.id}/king_arthur\\.txt$`));
    expect(field('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(field('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(form.expiration_date).toBe('2024-12-11T13:44:35Z');
    expect(field('X-Amz-Date')).toBe('20241211T134335Z');
    expect(field('X-Amz-Credential')).toMatch(/^[A-Z0-9]+\/20241211\/us-east-1\/s3\/aws4_request$/);

    const policy = JSON.parse(Buffer.from(field('Policy'), 'base64').toString('utf8'));
    expect(policy.expiration).toBe(form.expiration_date);
    expect(policy.conditions).toContainEqual(['content-length-range', 0, 5242880]);
    expect(policy.conditions).toContainEqual(['eq', '$key', field('key')]);
    expect(policy.conditions).toContainEqual(['eq', '$tagging', field('tagging')]);
  });

  it('stores an upload, answers 204 with the MD5 ETag, and serves the bytes back with the form Content-Type', async () => {
    const bytes = patternBytes(1000);
    const { body } = await client.generateUploadUrl('maps', 'notes.txt');
    const uploaded = await client.upload(body.file_upload_request, bytes);
    expect(uploaded.status).toBe(204);
    expect(uploaded.headers.get('etag')).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);
    expect(uploaded.headers.get('x-amz-server-side-encryption')).toBe('AES256');
    expect(uploaded.headers.get('location')).toContain(body.data.id);

    const got = await client.getFile('maps', body.data.id, 'notes.txt');
    expect(got.status).toBe(307);
    expect(got.headers.get('content-length')).toBe('0');
    expect(got.headers.get('cache-control')).toMatch(/^public, max-age=\d+, immutable$/);
    const location = got.headers.get('location') ?? '';
    expect(location).toMatch(/X-Amz-Expires=3900/);
    expect(location).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);

    const downloaded = await client.download(location);
    expect(downloaded.status).toBe(200);
    expect(downloaded.type).toBe('text/plain; charset=utf-8');
    expect(digest(downloaded.bytes)).toBe(digest(bytes));
  });

  it('a redirect followed by fetch delivers the file in one call, as SDK downloads do', async () => {
    const bytes = patternBytes(300);
    const { id, name } = await client.storeFile('maps', 'map.png', bytes);
    const response = await fetch(client.fileUrl('maps', id, name));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  it.each(TRICKY_NAMES)('round-trips the name %j through every operation', async (name) => {
    const bytes = patternBytes(64, name.length);
    const channel = 'room a/ü,c';
    const { id, name: stored } = await client.storeFile(channel, name, bytes);
    expect(stored).toBe(name);

    const listed = await client.listFiles(channel);
    expect(listed.body.data).toEqual([
      { id, name, size: 64, created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) },
    ]);

    const published = await client.publishFile(channel, { message: 'caption', file: { id, name } });
    expect(published.body[0]).toBe(1);

    const got = await client.getFile(channel, id, name);
    expect(got.status).toBe(307);
    expect((await client.download(got.headers.get('location') ?? '')).bytes).toEqual(bytes);

    expect((await client.deleteFile(channel, id, name)).body).toEqual({ status: 200 });
    expect((await client.listFiles(channel)).body.count).toBe(0);
  });

  it('deletes a file: it is no longer listed, located or downloadable', async () => {
    const { id, name } = await client.storeFile('maps', 'gone.txt', patternBytes(10));
    const location = (await client.getFile('maps', id, name)).headers.get('location') ?? '';
    expect((await client.deleteFile('maps', id, name)).body).toEqual({ status: 200 });
    expect((await client.getFile('maps', id, name)).status).toBe(404);
    const download = await client.download(location);
    expect(download.status).toBe(404);
    expect(download.text).toContain('<Code>NoSuchKey</Code>');
  });
});

describe('listing', () => {
  it('pages with opaque URL-safe next tokens, count per page, and null on the last page', async () => {
    const stored = [];
    for (let i = 0; i < 7; i++) stored.push(await client.storeFile('paged', `file-${i}.txt`, patternBytes(i + 1)));

    const seen: string[] = [];
    let next: string | null = null;
    const pageSizes: number[] = [];
    do {
      const page: Awaited<ReturnType<typeof client.listFiles>> = await client.listFiles(
        'paged',
        `&limit=3${next ? `&next=${enc(next)}` : ''}`,
      );
      expect(page.body.count).toBe(page.body.data.length);
      pageSizes.push(page.body.count);
      seen.push(...page.body.data.map((f) => f.id));
      next = page.body.next;
      if (next !== null) expect(next).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (next !== null);

    expect(pageSizes).toEqual([3, 3, 1]);
    expect(seen.sort()).toEqual(stored.map((f) => f.id).sort());
  });

  it('defaults to 100 per page and keeps channels and key sets apart', async () => {
    await client.storeFile('one', 'a.txt', patternBytes(1));
    await emulatorClient(emulator, 'sub-c-other').storeFile('one', 'b.txt', patternBytes(1));
    const first = await client.listFiles('one');
    expect(first.body).toMatchObject({ status: 200, count: 1, next: null });
    expect(first.body.data[0]?.name).toBe('a.txt');
    expect((await client.listFiles('two')).body).toEqual({ status: 200, data: [], next: null, count: 0 });
  });

  it('does not list a file whose upload never happened', async () => {
    await client.generateUploadUrl('pending', 'never-uploaded.txt');
    expect((await client.listFiles('pending')).body.count).toBe(0);
  });
});

describe('errors in the files service shape', () => {
  it('404s an unknown id, and a known id under another name or channel', async () => {
    const { id } = await client.storeFile('maps', 'real.txt', patternBytes(5));
    for (const [channel, fileId, name] of [
      ['maps', '00000000-0000-4000-8000-000000000000', 'real.txt'],
      ['maps', id, 'other.txt'],
      ['elsewhere', id, 'real.txt'],
    ] as const) {
      const got = await client.getFile(channel, fileId, name);
      expect(got.status).toBe(404);
      expect(got.body).toEqual({ status: 404, error: { source: 'files', message: 'File not found', code: 404 } });
      expect((await client.deleteFile(channel, fileId, name)).status).toBe(404);
    }
  });

  it.each([
    ['a missing uuid', (url: string) => url.replace(/uuid=[^&]*&?/, ''), "Missing required parameter 'uuid'"],
    ['a limit over 100', (url: string) => `${url}&limit=101`, "'limit'"],
    ['a limit of 0', (url: string) => `${url}&limit=0`, "'limit'"],
    ['a non-numeric limit', (url: string) => `${url}&limit=ten`, "'limit'"],
    ['a bad next token', (url: string) => `${url}&next=bm90LWEtdG9rZW4`, "'next'"],
    ['a malformed request id', (url: string) => `${url}&requestid=not-a-uuid`, "'requestid'"],
  ])('refuses a listing with %s, naming the problem', async (_, change, named) => {
    const url = change(`${emulator.url}/v1/files/${SUB_KEY}/channels/maps/files?uuid=${USER}`);
    const answer = await conforming('listFiles', await fetch(url));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 400, error: { source: 'files', code: 400 } });
    expect(answer.body.error.message).toContain(named);
  });

  it.each([
    ['no name', '{}', "'name' is required"],
    ['an empty name', '{"name":""}', "'name'"],
    ['a name that is a number', '{"name":5}', "'name' must be string"],
    ['a body that is not JSON', 'name=a.txt', 'not JSON'],
    ['a body over 64 KiB', JSON.stringify({ name: 'a.txt', padding: 'x'.repeat(200_000) }), 'over 65536 bytes'],
  ])('refuses generate-upload-url with %s', async (_, body, named) => {
    const answer = await conforming(
      'generateUploadUrl',
      await fetch(`${emulator.url}/v1/files/${SUB_KEY}/channels/maps/generate-upload-url?uuid=${USER}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain(named);
  });

  it('answers an unknown path with a files-service 404', async () => {
    const response = await fetch(`${emulator.url}/v1/files/${SUB_KEY}/nothing-here?uuid=${USER}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: 404, error: { source: 'files' } });
  });
});

describe('publishing a file message', () => {
  it('answers [1,"Sent",timetoken] as text/javascript with strictly increasing 17-digit timetokens', async () => {
    const timetokens: bigint[] = [];
    for (let i = 0; i < 20; i++) {
      const answer = await client.publishFile('maps', { file: { id: 'id-1', name: 'a.txt' } });
      expect(answer.headers.get('content-type')).toBe('text/javascript; charset="UTF-8"');
      expect(answer.body.slice(0, 2)).toEqual([1, 'Sent']);
      expect(answer.body[2]).toMatch(/^\d{17}$/);
      timetokens.push(BigInt(answer.body[2]));
    }
    for (let i = 1; i < timetokens.length; i++) expect(timetokens[i]! > timetokens[i - 1]!).toBe(true);
  });

  it('accepts an encrypted message (a JSON string) and store, ttl, meta and custom_message_type', async () => {
    const answer = await client.publishFile(
      'maps',
      'a25pZ2h0c29mbmkxMjM0NRV4jkZbYJKJ',
      `&store=0&ttl=24&meta=${enc('{"kind":"map"}')}&custom_message_type=file-share`,
    );
    expect(answer.status).toBe(200);
  });

  it('reads a + in a query value as a space, as generated Python and Go clients send one', async () => {
    const cursor = (await client.subscribe(['plus'], '0')).body.t.t;
    const answer = await client.publishFile(
      'plus',
      { file: { id: 'i', name: 'n' } },
      '&meta=%7B%22kind%22%3A+%22a+map%22%7D',
    );
    expect(answer.status).toBe(200);
    const [item] = (await client.subscribe(['plus'], cursor)).body.m;
    expect(item?.u).toEqual({ kind: 'a map' });
  });

  it('takes meta=null, which the official Python SDK sends without metadata, as no metadata', async () => {
    const cursor = (await client.subscribe(['meta-null'], '0')).body.t.t;
    const answer = await client.publishFile('meta-null', { file: { id: 'i', name: 'n' } }, '&meta=null');
    expect(answer.status).toBe(200);
    const [item] = (await client.subscribe(['meta-null'], cursor)).body.m;
    expect(item).toMatchObject({ e: 4, c: 'meta-null' });
    expect(item).not.toHaveProperty('u');
  });

  it.each([
    ['a message that is not JSON', (url: string) => url.replace(/\/0\/[^/?]+\?/, '/0/%7Bnot-json?'), 'Invalid JSON'],
    [
      'a message without file id and name',
      (url: string) => url.replace(/\/0\/[^/?]+\?/, `/0/${enc('{"message":"hi"}')}?`),
      'file id or name',
    ],
    ['a meta that is not a JSON object', (url: string) => `${url}&meta=%5B1%5D`, "'meta'"],
    ['a meta that is not JSON', (url: string) => `${url}&meta=%7Bkind`, "'meta'"],
    ['a bad custom_message_type', (url: string) => `${url}&custom_message_type=x`, 'custom_message_type'],
    ['a store of 2', (url: string) => `${url}&store=2`, "'store'"],
    ['no uuid', (url: string) => url.replace(`uuid=${USER}`, 'x=1'), "'uuid'"],
  ])('refuses %s', async (_, change, named) => {
    const good = `${emulator.url}/v1/files/publish-file/pub-c-1/${SUB_KEY}/0/maps/0/${enc('{"file":{"id":"i","name":"n"}}')}?uuid=${USER}`;
    const answer = await conforming('publishFileMessage', await fetch(change(good)));
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain(named);
  });

  it('refuses a URL over 32 KiB with 414', async () => {
    const answer = await client.publishFile('maps', { message: 'x'.repeat(33_000), file: { id: 'i', name: 'n' } });
    expect(answer.status).toBe(414);
    expect(answer.body.slice(0, 2)).toEqual([0, 'Message Too Large']);
  });
});

describe('methods a path does not serve', () => {
  it('answers 405 with Allow: files-service JSON on the API, S3 XML on storage', async () => {
    const api = await fetch(`${emulator.url}/v1/files/${SUB_KEY}/channels/maps/files?uuid=${USER}`, { method: 'PUT' });
    expect(api.status).toBe(405);
    expect(api.headers.get('allow')).toBe('GET');
    expect(await api.json()).toMatchObject({ status: 405, error: { source: 'files', code: 405 } });

    const upload = await fetch(`${emulator.url}/storage/`, { method: 'DELETE' });
    expect(upload.status).toBe(405);
    expect(upload.headers.get('allow')).toBe('POST');
    expect(await upload.text()).toContain('<Code>MethodNotAllowed</Code>');

    const download = await fetch(`${emulator.url}/storage/a/b/c/d.txt`, { method: 'PUT', body: 'x' });
    expect(download.status).toBe(405);
    expect(download.headers.get('allow')).toBe('GET');
  });
});

describe('CORS', () => {
  it('answers preflights and exposes Location and ETag to browser pages', async () => {
    const preflight = await fetch(`${emulator.url}/storage/`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:3000',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');

    const listed = await fetch(`${emulator.url}/v1/files/${SUB_KEY}/channels/maps/files?uuid=${USER}`, {
      headers: { Origin: 'http://localhost:3000' },
    });
    await listed.arrayBuffer();
    expect(listed.headers.get('access-control-allow-origin')).toBe('*');
    expect(listed.headers.get('access-control-expose-headers')).toMatch(/Location.*ETag/);
  });
});
