import { describe, expect, it } from 'vitest';
import { PubNubError } from '../../src/highlevel/errors.ts';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter } from '../../src/highlevel/retry.ts';
import type { PubNubConfig } from '../../src/highlevel/config.ts';
import { fakeService, json, recordedWaits, sequence, type Handler, sdkOn } from '../support/sdk-fake-service.ts';
import { errorOf } from '../support/errors.ts';

const LIST_OK = () => json({ status: 200, data: [], next: null, count: 0 });
const FILE_OK = () => new Response(new Uint8Array([1, 2]), { headers: { 'Content-Type': 'image/png' } });

function setup(handlers: Partial<Record<string, Handler>>, config: Partial<PubNubConfig> = {}) {
  const service = fakeService(handlers);
  const waits = recordedWaits(0);
  const pubnub = sdkOn(service, {
    retryPolicy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, ...waits },
    ...config,
  });
  return { service, waits: waits.waits, pubnub };
}

const networkDown = () => {
  throw new TypeError('fetch failed');
};

describe('idempotent calls retry', () => {
  it('listFiles honours Retry-After on 429', async () => {
    const { service, waits, pubnub } = setup({
      list: sequence(() => new Response('', { status: 429, headers: { 'Retry-After': '7' } }), LIST_OK),
    });
    await expect(pubnub.listFiles({ channel: 'c' })).resolves.toMatchObject({ count: 0 });
    expect(service.calls()).toEqual(['GET list', 'GET list']);
    expect(waits).toEqual([7000]);
  });

  it('listFiles hands back a 429 at once when Retry-After asks for more than a minute', async () => {
    const { service, waits, pubnub } = setup({
      list: sequence(() => new Response('', { status: 429, headers: { 'Retry-After': '3600' } }), LIST_OK),
    });
    const error = await errorOf(pubnub.listFiles({ channel: 'c' }));
    expect(error.status).toMatchObject({ category: 'PNTooManyRequestsCategory', statusCode: 429 });
    expect(service.calls()).toEqual(['GET list']);
    expect(waits).toEqual([]);
  });

  it('listFiles backs off exponentially on 5xx and gives up after maxAttempts with the last error', async () => {
    const { service, waits, pubnub } = setup({ list: () => json({ status: 503, error: { message: 'busy' } }, 503) });
    const error = await errorOf(pubnub.listFiles({ channel: 'c' }));
    expect(error).toBeInstanceOf(PubNubError);
    expect(error.status).toMatchObject({ category: 'PNServerErrorCategory', statusCode: 503 });
    expect(service.calls()).toEqual(['GET list', 'GET list', 'GET list']);
    // random() = 0 → the fixed half of 100 and 200.
    expect(waits).toEqual([50, 100]);
  });

  it('downloadFile retries network errors', async () => {
    const { service, pubnub } = setup({ file: sequence(networkDown, networkDown, FILE_OK) });
    const result = await pubnub.downloadFile({ channel: 'c', fileId: 'id', fileName: 'a.png' });
    expect([...result.data]).toEqual([1, 2]);
    expect(service.calls()).toEqual(['GET file', 'GET file', 'GET file']);
  });

  it('does not retry a 4xx other than 429', async () => {
    const { service, pubnub } = setup({ list: () => json({ status: 403, error: true, message: 'Forbidden' }, 403) });
    await expect(pubnub.listFiles({ channel: 'c' })).rejects.toBeInstanceOf(PubNubError);
    expect(service.calls()).toEqual(['GET list']);
  });

  it('an option given as undefined keeps its default (it neither turns retries off nor fails the config)', async () => {
    const waits = recordedWaits(0);
    const service = fakeService({ list: () => new Response('', { status: 503 }) });
    const retryPolicy = { maxAttempts: undefined, baseDelayMs: undefined, maxDelayMs: undefined, ...waits };
    const pubnub = sdkOn(service, { retryPolicy: retryPolicy as never });
    await expect(pubnub.listFiles({ channel: 'c' })).rejects.toMatchObject({ status: { statusCode: 503 } });
    expect(service.calls()).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(waits.waits).toEqual([DEFAULT_RETRY_POLICY.baseDelayMs / 2, DEFAULT_RETRY_POLICY.baseDelayMs]);
  });

  it('retryPolicy: false turns retries off', async () => {
    const { service, pubnub } = setup({ list: () => new Response('', { status: 503 }) }, { retryPolicy: false });
    await expect(pubnub.listFiles({ channel: 'c' })).rejects.toMatchObject({ status: { statusCode: 503 } });
    expect(service.calls()).toEqual(['GET list']);
  });
});

describe('non-idempotent calls do not retry', () => {
  it('deleteFile, even on 503 or a network error', async () => {
    const { service, pubnub } = setup({ file: sequence(() => new Response('', { status: 503 }), networkDown) });
    await expect(pubnub.deleteFile({ channel: 'c', fileId: 'id', fileName: 'a' })).rejects.toMatchObject({
      status: { statusCode: 503 },
    });
    await expect(pubnub.deleteFile({ channel: 'c', fileId: 'id', fileName: 'a' })).rejects.toMatchObject({
      status: { category: 'PNNetworkIssuesCategory' },
    });
    expect(service.calls()).toEqual(['DELETE file', 'DELETE file']);
  });

  it('publishFileMessage (a retry could publish twice)', async () => {
    const { service, pubnub } = setup({ publish: networkDown });
    await expect(pubnub.publishFileMessage({ channel: 'c', fileId: 'id', fileName: 'a' })).rejects.toMatchObject({
      status: { category: 'PNNetworkIssuesCategory', operation: 'PNPublishFileMessageOperation' },
    });
    expect(service.calls()).toEqual(['GET publish']);
  });
});

describe('backoff arithmetic', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 200, maxDelayMs: 1000 };
  it('doubles per retry, jitters within [half, full], and caps at maxDelayMs', () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelay({ ...policy, random: () => 0 }, retry))).toEqual([
      100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4].map((retry) => backoffDelay({ ...policy, random: () => 0.999999 }, retry))).toEqual([
      200, 400, 800, 1000,
    ]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
