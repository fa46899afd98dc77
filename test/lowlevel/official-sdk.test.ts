// Wire equivalence with the official SDK (pubnub@12.0.3): it talks to a loopback server that records its requests,
// then the same calls go through createFilesClient with the official request's uuid, requestid and timestamp. Path,
// query (signature included) and body must come out byte for byte the same.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import PubNub from 'pubnub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFilesClient, type FilesClient } from '../../src/lowlevel/client.ts';

interface Recorded {
  method: string;
  path: string;
  query: string[];
  body: string;
}

const CHANNEL = "a b/ü,c!*'()~🦄";
const FILE = { id: 'id~1', name: "x y!'(1).txt" };
const keys = { publishKey: 'pub-c-mock', subscribeKey: 'sub-c-mock', secretKey: 'sec-c-mock' };

let server: Server;
let origin: string;
const official: Recorded[] = [];

function answer(path: string, method: string): { status: number; type: string; body: string } {
  if (path.endsWith('/generate-upload-url')) {
    const upload = {
      url: `http://${origin}/upload/`,
      method: 'POST',
      expiration_date: '2024-12-11T13:44:35Z',
      form_fields: [{ key: 'key', value: 'k' }],
    };
    return {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({ status: 200, data: FILE, file_upload_request: upload }),
    };
  }
  if (path.startsWith('/upload/')) return { status: 204, type: 'text/plain', body: '' };
  if (path.includes('/publish-file/'))
    return { status: 200, type: 'text/javascript', body: '[1,"Sent","17339246164989106"]' };
  if (method === 'DELETE') return { status: 200, type: 'application/json', body: '{"status":200}' };
  return { status: 200, type: 'application/json', body: '{"status":200,"data":[],"next":null,"count":0}' };
}

function record(method: string, rawUrl: string, body: string): Recorded {
  const [path = '', search = ''] = rawUrl.split('?');
  return { method, path, query: search.split('&').filter(Boolean).sort(), body };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { path } = record(request.method!, request.url!, '');
      if (!path.startsWith('/upload/')) {
        official.push(record(request.method!, request.url!, Buffer.concat(chunks).toString('utf8')));
      }
      const { status, type, body } = answer(path, request.method!);
      response.writeHead(status, { 'content-type': type }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  const pubnub = new PubNub({ ...keys, userId: 'user 1', authKey: 'a+b/c', origin, ssl: false });
  await pubnub.listFiles({ channel: CHANNEL, limit: 10 });
  await pubnub.deleteFile({ channel: CHANNEL, ...FILE });
  await pubnub.sendFile({
    channel: CHANNEL,
    file: { data: Buffer.from('Ni!'), name: FILE.name, mimeType: 'text/plain' },
    message: { caption: 'the map!' },
    meta: { kind: 'map' },
    storeInHistory: true,
    ttl: 2,
  });
  pubnub.destroy();
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Our client, replaying the common values of one official request, and what it sent. */
function replaying(reference: Recorded): { client: FilesClient; ours: Promise<Recorded> } {
  const value = (name: string) =>
    decodeURIComponent(reference.query.find((p) => p.startsWith(`${name}=`))!.split('=')[1]!);
  let sent!: (recorded: Recorded) => void;
  const ours = new Promise<Recorded>((resolve) => (sent = resolve));
  const client = createFilesClient({
    ...keys,
    userId: value('uuid'),
    authKey: value('auth'),
    pnsdk: value('pnsdk'),
    requestId: () => value('requestid'),
    now: () => Number(value('timestamp')) * 1000,
    baseUrl: `http://${origin}`,
    fetch: async (request) => {
      const url = new URL(request.url);
      sent(record(request.method, `${url.pathname}${url.search}`, await request.clone().text()));
      return new Response(answer(url.pathname, request.method).body, {
        headers: { 'content-type': 'application/json' },
      });
    },
  });
  return { client, ours };
}

function officialRequest(method: string, pathEnd: RegExp): Recorded {
  const found = official.find((r) => r.method === method && pathEnd.test(r.path));
  expect(found, `the official SDK sent ${method} ${pathEnd}`).toBeDefined();
  return found!;
}

describe('the same requests as pubnub@12.0.3, signature included', () => {
  it('listFiles', async () => {
    const reference = officialRequest('GET', /\/files$/);
    const { client, ours } = replaying(reference);
    await client.GET('/v1/files/{sub_key}/channels/{channel}/files', {
      params: { path: { sub_key: 'sub-c-mock', channel: CHANNEL }, query: { limit: 10 } },
    });
    expect(await ours).toEqual(reference);
  });

  it('deleteFile', async () => {
    const reference = officialRequest('DELETE', /\/files\/[^/]+\/[^/]+$/);
    const { client, ours } = replaying(reference);
    await client.DELETE('/v1/files/{sub_key}/channels/{channel}/files/{file_id}/{file_name}', {
      params: { path: { sub_key: 'sub-c-mock', channel: CHANNEL, file_id: FILE.id, file_name: FILE.name } },
    });
    expect(await ours).toEqual(reference);
  });

  it('generateUploadUrl, whose signature covers the JSON body', async () => {
    const reference = officialRequest('POST', /\/generate-upload-url$/);
    const { client, ours } = replaying(reference);
    await client.POST('/v1/files/{sub_key}/channels/{channel}/generate-upload-url', {
      params: { path: { sub_key: 'sub-c-mock', channel: CHANNEL } },
      body: { name: FILE.name },
    });
    expect(await ours).toEqual(reference);
  });

  it('publishFileMessage, with the message in the path and store, ttl and meta in the query', async () => {
    const reference = officialRequest('GET', /\/publish-file\//);
    const message = decodeURIComponent(reference.path.split('/').at(-1)!);
    expect(JSON.parse(message)).toEqual({ message: { caption: 'the map!' }, file: FILE });
    const { client, ours } = replaying(reference);
    await client.GET('/v1/files/publish-file/{pub_key}/{sub_key}/0/{channel}/0/{message}', {
      parseAs: 'text',
      params: {
        path: { pub_key: 'pub-c-mock', sub_key: 'sub-c-mock', channel: CHANNEL, message },
        query: { store: 1, ttl: 2, meta: '{"kind":"map"}' },
      },
    });
    expect(await ours).toEqual(reference);
  });
});
