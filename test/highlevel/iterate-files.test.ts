// iterateFiles: every page of a listing, fetched lazily, through listFiles' checks and retries.
import { describe, expect, it } from 'vitest';
import type { FileInfo } from '../../src/highlevel/operations/list-files.ts';
import { fakeService, json, recordedWaits, sdkOn } from '../support/sdk-fake-service.ts';
import { errorOf } from '../support/errors.ts';

const file = (n: number): FileInfo => ({ id: `id-${n}`, name: `f${n}.txt`, size: n, created: '2025-05-05T19:12:14Z' });

/** Pages of `perPage` files out of `total`; `next` is the index of the first file of the following page. */
function pagedService(total: number, perPage: number) {
  return fakeService({
    list: (request) => {
      const start = Number(new URL(request.url).searchParams.get('next') ?? 0);
      const data = Array.from({ length: Math.min(perPage, total - start) }, (_, i) => file(start + i));
      const next = start + perPage < total ? String(start + perPage) : null;
      return json({ status: 200, data, next, count: data.length });
    },
  });
}

async function collect(files: AsyncIterable<FileInfo>): Promise<string[]> {
  const ids: string[] = [];
  for await (const { id } of files) ids.push(id);
  return ids;
}

describe('iterateFiles', () => {
  it('yields every file of every page in order, passing limit and each next token, and stops on next: null', async () => {
    const service = pagedService(7, 3);
    const ids = await collect(sdkOn(service).iterateFiles({ channel: 'room 1', limit: 3 }));
    expect(ids).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'id-4', 'id-5', 'id-6']);
    const queries = service.requests.map((request) => new URL(request.url).searchParams);
    expect(queries.map((query) => [query.get('limit'), query.get('next')])).toEqual([
      ['3', null],
      ['3', '3'],
      ['3', '6'],
    ]);
    expect(new URL(service.requests[0]!.url).pathname).toBe('/v1/files/sub-c-test/channels/room%201/files');
  });

  it('asks for a page only when the previous one has been consumed', async () => {
    const service = pagedService(5, 2);
    const files = sdkOn(service).iterateFiles({ channel: 'c', limit: 2 });
    expect(service.requests).toHaveLength(0);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { value } = await files.next();
      expect(value).toEqual(file(i));
      seen.push(service.requests.length);
    }
    // Files 0-1 come from the first page, 2-3 from the second, 4 from the third.
    expect(seen).toEqual([1, 1, 2, 2, 3]);
    expect(await files.next()).toEqual({ done: true, value: undefined });
    expect(service.requests).toHaveLength(3);
  });

  it('leaving the loop early asks for no further page', async () => {
    const service = pagedService(10, 2);
    for await (const found of sdkOn(service).iterateFiles({ channel: 'c', limit: 2 })) {
      if (found.id === 'id-2') break;
    }
    expect(service.requests).toHaveLength(2);
  });

  it('an empty channel yields nothing after one request', async () => {
    const service = pagedService(0, 100);
    expect(await collect(sdkOn(service).iterateFiles({ channel: 'c' }))).toEqual([]);
    expect(service.requests).toHaveLength(1);
    expect(new URL(service.requests[0]!.url).searchParams.has('limit')).toBe(false);
  });

  it('the builder form is an async iterable over the same pages, and walks them again on each loop', async () => {
    const service = pagedService(3, 2);
    const builder = sdkOn(service).iterateFiles().channel('c').limit(2);
    expect(await collect(builder)).toEqual(['id-0', 'id-1', 'id-2']);
    expect(await collect(builder)).toEqual(['id-0', 'id-1', 'id-2']);
    expect(service.requests).toHaveLength(4);
  });

  it('retries a page that failed with a 503 as listFiles does, and goes on from that page', async () => {
    let failures = 1;
    const paged = pagedService(4, 2);
    const service = fakeService({
      list: (request) => {
        if (new URL(request.url).searchParams.get('next') === '2' && failures-- > 0)
          return new Response('', { status: 503 });
        return paged.fetch(request);
      },
    });
    const waits = recordedWaits(0);
    const pubnub = sdkOn(service, { retryPolicy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, ...waits } });
    expect(await collect(pubnub.iterateFiles({ channel: 'c', limit: 2 }))).toEqual(['id-0', 'id-1', 'id-2', 'id-3']);
    expect(service.requests.map((request) => new URL(request.url).searchParams.get('next'))).toEqual([null, '2', '2']);
    expect(waits.waits).toHaveLength(1);
  });

  it('an aborted signal ends the loop with a cancelled error, after the files already delivered', async () => {
    const controller = new AbortController();
    const service = pagedService(6, 2);
    const ids: string[] = [];
    const error = await errorOf(
      (async () => {
        for await (const found of sdkOn(service).iterateFiles().channel('c').limit(2).signal(controller.signal)) {
          ids.push(found.id);
          if (found.id === 'id-1') controller.abort();
        }
      })(),
    );
    expect(ids).toEqual(['id-0', 'id-1']);
    expect(error.status).toMatchObject({ category: 'PNCancelledCategory', operation: 'PNListFilesOperation' });
    expect(service.requests).toHaveLength(1);
  });

  it('bad params fail the first step with listFiles validation error, before any request', async () => {
    const service = pagedService(1, 1);
    const pubnub = sdkOn(service);
    const error = await errorOf(pubnub.iterateFiles({ channel: 'c', limit: 101 }).next());
    expect(error.status).toMatchObject({ category: 'PNValidationErrorCategory', operation: 'PNListFilesOperation' });
    const noChannel = await errorOf(collect(pubnub.iterateFiles()));
    expect(noChannel.status).toMatchObject({
      category: 'PNValidationErrorCategory',
      operation: 'PNListFilesOperation',
    });
    expect(service.requests).toHaveLength(0);
  });

  it('a service that sends back the token it was given is a malformed response, not an endless loop', async () => {
    const service = fakeService({ list: () => json({ status: 200, data: [file(1)], next: 'SAME', count: 1 }) });
    const ids: string[] = [];
    const error = await errorOf(
      (async () => {
        for await (const found of sdkOn(service).iterateFiles({ channel: 'c' })) ids.push(found.id);
      })(),
    );
    expect(error.status).toMatchObject({ category: 'PNMalformedResponseCategory', operation: 'PNListFilesOperation' });
    expect(ids).toEqual(['id-1', 'id-1']);
    expect(service.requests).toHaveLength(2);
  });
});
