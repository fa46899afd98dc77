// onProgress of sendFile and downloadFile: the figures checked against the bytes a real loopback server received
// and sent, the upload body byte for byte against fetch's own FormData encoding, and cancelling mid-transfer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import type { Progress } from '../../src/highlevel/progress.ts';
import { createUploadForm, encodeUploadForm } from '../../src/lowlevel/upload-form.ts';
import { fakeService, FORM_FIELDS, json, published, sdkOn } from '../support/sdk-fake-service.ts';
import { KEYS } from '../support/keys.ts';
import { errorOf } from '../support/errors.ts';

const STEP = 64 * 1024;
const servers: Server[] = [];
let emulator: RunningEmulator | undefined;

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await emulator?.close();
  emulator = undefined;
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** Storage on loopback: counts the body's bytes as they arrive, then answers 204. */
async function countingStorage() {
  const seen = {
    received: 0,
    contentLength: undefined as string | undefined,
    transferEncoding: undefined as string | undefined,
    body: Buffer.alloc(0),
  };
  const url = await listen((req, res) => {
    const chunks: Buffer[] = [];
    seen.contentLength = req.headers['content-length'];
    seen.transferEncoding = req.headers['transfer-encoding'];
    req.on('data', (chunk: Buffer) => {
      seen.received += chunk.length;
      chunks.push(chunk);
    });
    req.on('end', () => {
      seen.body = Buffer.concat(chunks);
      res.writeHead(204).end();
    });
  });
  return { url, seen };
}

/** The files API faked in process; the upload goes over real HTTP to `storageUrl`. */
function sdkWithStorage(storageUrl: string, extra: Record<string, unknown> = {}) {
  const service = fakeService({
    generate: () =>
      json({
        status: 200,
        data: { id: 'file-id-1', name: 'report.txt' },
        file_upload_request: {
          url: storageUrl,
          method: 'POST',
          expiration_date: '2024-12-11T13:44:35Z',
          form_fields: FORM_FIELDS,
        },
      }),
    publish: () => published(),
  });
  const routed = (request: Request) => (request.url.startsWith(storageUrl) ? fetch(request) : service.fetch(request));
  return new PubNub({ ...KEYS, fetch: routed as typeof fetch, ...extra });
}

/** Every step of `uploading` or `downloading` moved forward by at most 64 KiB, from 0 to the total. */
function expectSteady(reports: Progress[], phase: string, total: number): void {
  const figures = reports.filter((report) => report.phase === phase);
  expect(figures[0]).toEqual({ phase, loaded: 0, total });
  expect(figures.at(-1)).toEqual({ phase, loaded: total, total });
  for (let i = 1; i < figures.length; i++) {
    const step = figures[i]!.loaded - figures[i - 1]!.loaded;
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThanOrEqual(STEP);
  }
  expect(figures.length).toBeGreaterThanOrEqual(Math.ceil(total / STEP));
}

describe('the upload body', () => {
  it('is byte for byte what fetch makes of createUploadForm (fields in order, file last), awkward names included', async () => {
    const fields = [
      ...FORM_FIELDS,
      { key: 'line\nbreak "quoted"', value: 'a\nb\r\nc\rd ü €' },
      { key: 'x-amz-meta-empty', value: '' },
    ];
    const file = new Uint8Array(70_000).map((_, i) => i % 251);
    for (const [fileName, type] of [
      ['report.txt', 'text/plain'],
      ['a "b"\nc.bin', 'application/octet-stream'],
    ] as const) {
      const encoded = encodeUploadForm(fields, file, fileName, type);
      const boundary = encoded.contentType.replace('multipart/form-data; boundary=', '');
      const viaFetch = new Response(createUploadForm(fields, new Blob([file], { type }), fileName));
      const fetchBoundary = viaFetch.headers.get('content-type')!.replace('multipart/form-data; boundary=', '');
      const expected = Buffer.from(await viaFetch.arrayBuffer())
        .toString('latin1')
        .replaceAll(fetchBoundary, boundary);
      const actual = Buffer.concat(encoded.parts).toString('latin1');
      expect(actual).toBe(expected);
      expect(encoded.length).toBe(Buffer.byteLength(actual, 'latin1'));
    }
  });
});

describe('sendFile onProgress', () => {
  it('counts the upload body as it goes out, with its Content-Length (not chunked), to the bytes storage received', async () => {
    const { url, seen } = await countingStorage();
    const reports: Progress[] = [];
    const file = new Uint8Array(1_000_003).fill(7);
    await sdkWithStorage(url).sendFile({
      channel: 'c',
      fileName: 'report.txt',
      file,
      onProgress: (p) => void reports.push(p),
    });
    expect(seen.transferEncoding).toBeUndefined();
    expect(Number(seen.contentLength)).toBe(seen.received);
    expect(seen.received).toBeGreaterThan(file.length);
    expectSteady(reports, 'uploading', seen.received);
    expect(reports.map((report) => report.phase).filter((phase, i, all) => phase !== all[i - 1])).toEqual([
      'uploading',
      'publishing',
    ]);
    expect(reports.slice(-2)).toEqual([
      { phase: 'publishing', loaded: 0, total: 1 },
      { phase: 'publishing', loaded: 1, total: 1 },
    ]);
    // The fields went up in the order given, the file last, with its bytes intact.
    const text = seen.body.toString('latin1');
    const names = [...text.matchAll(/; name="([^"]*)"/g)].map((match) => match[1]);
    expect(names).toEqual([...FORM_FIELDS.map((field) => field.key), 'file']);
    expect(seen.body.includes(Buffer.from(file))).toBe(true);
  });

  it('reports encrypting first when a key applies, and the builder form reports the same way', async () => {
    const { url, seen } = await countingStorage();
    const reports: Progress[] = [];
    const sent = await sdkWithStorage(url, { cipherKey: 'enigma' })
      .sendFile()
      .channel('c')
      .fileName('report.txt')
      .fileObject(new Uint8Array(200_000))
      .onProgress((p) => void reports.push(p))
      .result();
    expect(sent.fileId).toBe('file-id-1');
    expect(reports.slice(0, 2)).toEqual([
      { phase: 'encrypting', loaded: 0, total: 200_000 },
      { phase: 'encrypting', loaded: 200_000, total: 200_000 },
    ]);
    expectSteady(reports, 'uploading', seen.received);
  });

  it('a callback that throws does not fail the send', async () => {
    const { url } = await countingStorage();
    const sent = await sdkWithStorage(url).sendFile({
      channel: 'c',
      fileName: 'report.txt',
      file: 'x'.repeat(100_000),
      onProgress: () => {
        throw new Error('callback bug');
      },
    });
    expect(sent.timestamp).toMatch(/^\d{17}$/);
  });

  it('aborting mid-upload cancels the call; no report comes after it settled', async () => {
    let received = 0;
    // Storage that reads 256 KiB and then stops reading: the rest waits in the connection.
    const url = await listen((req) => {
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= 256 * 1024) req.pause();
      });
    });
    const controller = new AbortController();
    const reports: Progress[] = [];
    const file = new Uint8Array(5_000_000);
    const call = sdkWithStorage(url).sendFile({
      channel: 'c',
      fileName: 'report.txt',
      file,
      signal: controller.signal,
      onProgress: (p) => {
        reports.push(p);
        if (p.phase === 'uploading' && p.loaded >= 128 * 1024) controller.abort();
      },
    });
    const error = await errorOf(call);
    expect(error.status).toMatchObject({ category: 'PNCancelledCategory' });
    const last = reports.at(-1)!;
    expect(last.phase).toBe('uploading');
    expect(last.loaded).toBeLessThan(last.total!);
    const count = reports.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reports.length).toBe(count);
  });

  it('where uploads are not streamed (a browser), reports the upload at its start and its end only', async () => {
    const { url, seen } = await countingStorage();
    const reports: Progress[] = [];
    const navigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', {
      value: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' },
      configurable: true,
    });
    try {
      await sdkWithStorage(url).sendFile({
        channel: 'c',
        fileName: 'report.txt',
        file: new Uint8Array(300_000),
        onProgress: (p) => void reports.push(p),
      });
    } finally {
      if (navigator) Object.defineProperty(globalThis, 'navigator', navigator);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
    expect(Number(seen.contentLength)).toBe(seen.received);
    expect(reports.filter((report) => report.phase === 'uploading')).toEqual([
      { phase: 'uploading', loaded: 0, total: seen.received },
      { phase: 'uploading', loaded: seen.received, total: seen.received },
    ]);
  });
});

describe('downloadFile onProgress', () => {
  it('counts the response body as read, against the emulator, up to the bytes it served; decrypting after', async () => {
    emulator = await startEmulator({ inMemory: true });
    let served = 0;
    const counting = async (request: Request) => {
      const response = await fetch(request);
      if (request.method === 'GET' && /\/files\/[^/]+\/[^/]+$/.test(new URL(request.url).pathname)) {
        served = Number(response.headers.get('content-length'));
      }
      return response;
    };
    const pubnub = new PubNub({
      ...KEYS,
      origin: emulator.origin,
      ssl: false,
      cipherKey: 'enigma',
      fetch: counting as typeof fetch,
    });
    const file = new Uint8Array(1_500_000).map((_, i) => i % 253);
    const sent = await pubnub.sendFile({ channel: 'c', fileName: 'big.bin', file });
    const reports: Progress[] = [];
    const downloaded = await pubnub.downloadFile({
      channel: 'c',
      fileId: sent.fileId,
      fileName: sent.name,
      onProgress: (p) => void reports.push(p),
    });
    expect(Buffer.from(downloaded.data).equals(Buffer.from(file))).toBe(true);
    expect(served).toBeGreaterThan(file.length);
    expectSteady(reports, 'downloading', served);
    expect(reports.slice(-2)).toEqual([
      { phase: 'decrypting', loaded: 0, total: served },
      { phase: 'decrypting', loaded: file.length, total: file.length },
    ]);
  });

  it('the builder form reports too; a body without Content-Length has total undefined; a large chunk is reported in steps', async () => {
    const body = new Uint8Array(200_000).fill(1);
    // One chunk of 200,000 bytes, as a runtime that reads more at a time could hand over.
    const oneChunk = () =>
      new ReadableStream({ start: (controller) => (controller.enqueue(body), controller.close()) });
    const service = fakeService({
      file: () => new Response(oneChunk(), { headers: { 'Content-Type': 'application/octet-stream' } }),
    });
    const reports: Progress[] = [];
    const downloaded = await sdkOn(service)
      .downloadFile()
      .channel('c')
      .fileId('id')
      .fileName('a.bin')
      .onProgress((p) => void reports.push(p))
      .result();
    expect(downloaded.data.byteLength).toBe(body.length);
    expect(reports.map((report) => report.loaded)).toEqual([0, STEP, 2 * STEP, 3 * STEP, body.length]);
    expect(reports.every((report) => report.phase === 'downloading' && report.total === undefined)).toBe(true);
  });

  it('aborting mid-download cancels the call; no report comes after it settled', async () => {
    const size = 4_000_000;
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(size), 'Content-Type': 'application/octet-stream' });
      res.write(Buffer.alloc(300_000)); // then nothing more: the rest never comes
    });
    const service = fakeService({ file: (request) => fetch(url, { signal: request.signal }) });
    const controller = new AbortController();
    const reports: Progress[] = [];
    const error = await errorOf(
      sdkOn(service).downloadFile({
        channel: 'c',
        fileId: 'id',
        fileName: 'a.bin',
        signal: controller.signal,
        onProgress: (p) => {
          reports.push(p);
          if (p.loaded > 0) controller.abort();
        },
      }),
    );
    expect(error.status).toMatchObject({ category: 'PNCancelledCategory', operation: 'PNDownloadFileOperation' });
    expect(reports.at(-1)!.loaded).toBeLessThan(size);
    const count = reports.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reports.length).toBe(count);
  });
});

describe('onProgress that is not a function', () => {
  it('is refused before any request, for a send and a download', async () => {
    const service = fakeService({});
    const pubnub = sdkOn(service);
    const bad = 'not a function' as unknown as () => void;
    const send = await errorOf(pubnub.sendFile({ channel: 'c', fileName: 'f', file: 'x', onProgress: bad }));
    const download = await errorOf(pubnub.downloadFile({ channel: 'c', fileId: 'i', fileName: 'f', onProgress: bad }));
    for (const error of [send, download]) {
      expect(error.status.category).toBe('PNValidationErrorCategory');
      expect(error.message).toMatch(/Invalid onProgress: expected a function, got a string/);
    }
    expect(service.requests).toHaveLength(0);
  });
});
