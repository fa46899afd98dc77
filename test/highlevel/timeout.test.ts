import { describe, expect, it } from 'vitest';
import { PubNubError } from '../../src/highlevel/errors.ts';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import {
  fakeService,
  generated,
  hangingFetch,
  json,
  recordedWaits,
  type Handler,
  sdkOn,
} from '../support/sdk-fake-service.ts';
import { KEYS } from '../support/keys.ts';
import { errorOf } from '../support/errors.ts';

describe('timeouts', () => {
  it('a REST call that gets no answer within requestTimeout fails with PNTimeoutCategory', async () => {
    const hanging = hangingFetch();
    const pubnub = new PubNub({ ...KEYS, fetch: hanging.fetch, requestTimeout: 20, retryPolicy: false });
    const envelope = await pubnub.listFiles().channel('c').future();
    expect(envelope.result).toBeNull();
    expect(envelope.status).toMatchObject({
      error: true,
      category: 'PNTimeoutCategory',
      operation: 'PNListFilesOperation',
    });
    expect(hanging.started()).toBe(1);
  });

  it('the upload uses fileRequestTimeout, not requestTimeout', async () => {
    const hanging = hangingFetch();
    const service = fakeService({ generate: () => generated(), upload: (request) => hanging.fetch(request) });
    const pubnub = sdkOn(service, { requestTimeout: 60_000, fileRequestTimeout: 20, retryPolicy: false });
    const error = (await pubnub
      .sendFile({ channel: 'c', fileName: 'a', file: 'x' })
      .catch((thrown: unknown) => thrown)) as PubNubError;
    expect(error.status).toMatchObject({ category: 'PNTimeoutCategory', operation: 'PNUploadFileOperation' });
  });

  it('the download waits up to fileRequestTimeout: a shorter requestTimeout does not cut it', async () => {
    // Answers after 30 ms unless its signal aborts first, as a real fetch does.
    const slowFile: Handler = (request) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(new Response('slow but whole')), 30);
        request.signal.addEventListener('abort', () => (clearTimeout(timer), reject(request.signal.reason)), {
          once: true,
        });
      });
    const service = fakeService({ file: slowFile });
    const pubnub = sdkOn(service, { requestTimeout: 5, fileRequestTimeout: 60_000, retryPolicy: false });
    const result = await pubnub.downloadFile({ channel: 'c', fileId: 'i', fileName: 'n' });
    expect(new TextDecoder().decode(result.data)).toBe('slow but whole');
    expect(service.calls()).toEqual(['GET file']);
  });

  it('a download slower than fileRequestTimeout fails with PNTimeoutCategory, after every attempt the retry policy allows', async () => {
    const hanging = hangingFetch();
    const service = fakeService({ file: (request) => hanging.fetch(request) });
    const waits = recordedWaits();
    const retryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, ...waits };
    const pubnub = sdkOn(service, { requestTimeout: 60_000, fileRequestTimeout: 20, retryPolicy });
    const error = await errorOf(pubnub.downloadFile({ channel: 'c', fileId: 'i', fileName: 'n' }));
    expect(error.status).toMatchObject({ category: 'PNTimeoutCategory', operation: 'PNDownloadFileOperation' });
    expect(service.calls()).toEqual(['GET file', 'GET file', 'GET file']);
    expect(waits.waits).toEqual([75, 150]);
  });

  it('a fetch that ignores its signal is abandoned at the timeout all the same', async () => {
    const neverSettles = (() => new Promise<Response>(() => {})) as typeof fetch;
    const pubnub = new PubNub({ ...KEYS, fetch: neverSettles, requestTimeout: 20, retryPolicy: false });
    await expect(pubnub.deleteFile({ channel: 'c', fileId: 'i', fileName: 'n' })).rejects.toMatchObject({
      status: { category: 'PNTimeoutCategory' },
    });
  });
});

describe('cancellation', () => {
  it('aborting the signal cancels an in-flight request: PNCancelledCategory', async () => {
    const hanging = hangingFetch();
    const controller = new AbortController();
    const abortOnceSent = ((request: Request) => {
      queueMicrotask(() => controller.abort());
      return hanging.fetch(request);
    }) as typeof fetch;
    const pubnub = new PubNub({ ...KEYS, fetch: abortOnceSent, retryPolicy: false });
    const pending = pubnub.downloadFile().channel('c').fileId('i').fileName('n').signal(controller.signal).result();
    await expect(pending).rejects.toMatchObject({
      status: { category: 'PNCancelledCategory', operation: 'PNDownloadFileOperation' },
    });
    expect(hanging.started()).toBe(1);
  });

  it('the params form takes the signal too; an already aborted signal sends nothing', async () => {
    const service = fakeService({ list: () => json({ status: 200, data: [], next: null, count: 0 }) });
    const pubnub = sdkOn(service);
    await expect(pubnub.listFiles({ channel: 'c', signal: AbortSignal.abort() })).rejects.toMatchObject({
      status: { category: 'PNCancelledCategory' },
    });
    expect(service.requests).toHaveLength(0);
  });

  it('aborting during a retry wait cancels without another attempt', async () => {
    const service = fakeService({ list: () => new Response('', { status: 503 }) });
    const controller = new AbortController();
    const sleep = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        controller.abort();
      });
    const pubnub = sdkOn(service, { retryPolicy: { maxAttempts: 5, sleep } });
    await expect(pubnub.listFiles({ channel: 'c', signal: controller.signal })).rejects.toMatchObject({
      status: { category: 'PNCancelledCategory' },
    });
    expect(service.calls()).toEqual(['GET list']);
  });

  it('cancelling a sendFile during its publish still names the uploaded file', async () => {
    const hanging = hangingFetch();
    const controller = new AbortController();
    const service = fakeService({
      generate: () => generated(),
      upload: () => new Response(null, { status: 204 }),
      publish: (request) => {
        queueMicrotask(() => controller.abort());
        return hanging.fetch(request);
      },
    });
    const pubnub = sdkOn(service);
    const envelope = await pubnub
      .sendFile()
      .channel('c')
      .fileName('a')
      .fileObject('x')
      .signal(controller.signal)
      .future();
    expect(envelope.status).toMatchObject({
      category: 'PNCancelledCategory',
      operation: 'PNPublishFileMessageOperation',
      channel: 'c',
      fileId: 'file-id-1',
      fileName: 'report.txt',
    });
  });
});
