import { describe, expect, it } from 'vitest';
import { PubNubError, isPubNubError } from '../../src/highlevel/errors.ts';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import { fakeService, json, sdkOn } from '../support/sdk-fake-service.ts';
import { KEYS } from '../support/keys.ts';

describe('builder and params form: one implementation', () => {
  it('send the same request and resolve the same result', async () => {
    const page = {
      status: 200,
      data: [{ name: 'a', id: 'i', size: 1, created: '2025-01-01T00:00:00Z' }],
      next: 'N',
      count: 1,
    };
    const service = fakeService({ list: () => json(page) });
    const pubnub = sdkOn(service);
    const fromBuilder = await pubnub.listFiles().channel('c').limit(5).result();
    const fromParams = await pubnub.listFiles({ channel: 'c', limit: 5 });
    const fromFuture = await pubnub.listFiles().channel('c').limit(5).future();
    expect(fromParams).toEqual(fromBuilder);
    expect(fromFuture).toEqual({
      result: fromBuilder,
      status: { error: false, category: 'PNAcknowledgmentCategory', operation: 'PNListFilesOperation' },
    });
    const strip = (request: Request) => {
      const url = new URL(request.url);
      url.searchParams.delete('requestid');
      return url.href;
    };
    expect(strip(service.requests[1]!)).toBe(strip(service.requests[0]!));
    expect(strip(service.requests[2]!)).toBe(strip(service.requests[0]!));
  });

  it('future() never rejects; result() rejects with a PubNubError carrying the same status', async () => {
    const service = fakeService({ file: () => json({ status: 404, error: { message: 'File not found' } }, 404) });
    const builder = sdkOn(service).deleteFile().channel('c').fileId('i').fileName('n');
    const envelope = await builder.future();
    expect(envelope.result).toBeNull();
    const error = await builder.result().catch((thrown: unknown) => thrown);
    expect(isPubNubError(error)).toBe(true);
    expect((error as PubNubError).status).toEqual(envelope.status);
    expect(envelope.status).toMatchObject({ error: true, category: 'PNNotFoundCategory', statusCode: 404 });
  });

  it('future() resolves even when the injected fetch throws something that is not an Error', async () => {
    const service = fakeService({
      list: () => {
        throw 'a string, not an Error';
      },
    });
    const envelope = await sdkOn(service, { retryPolicy: false }).listFiles().channel('c').future();
    expect(envelope.status).toMatchObject({ error: true, category: 'PNNetworkIssuesCategory' });
  });

  it('a builder is reusable and its setters chain in any order', async () => {
    const service = fakeService({ file: () => json({ status: 200 }) });
    const builder = sdkOn(service).deleteFile().fileName('n').fileId('i').channel('c');
    await builder.result();
    await builder.result();
    expect(service.calls()).toEqual(['DELETE file', 'DELETE file']);
  });
});

describe('configuration', () => {
  it.each([
    ['userId', { subscribeKey: 's' }, /The userId option is required: expected a non-empty string, got undefined/],
    ['subscribeKey', { userId: 'u' }, /The subscribeKey option is required/],
    [
      'empty userId',
      { subscribeKey: 's', userId: '' },
      /userId option is required: expected a non-empty string, got an empty string/,
    ],
    ['secretKey without publishKey', { subscribeKey: 's', userId: 'u', secretKey: 'sec' }, /publishKey/],
    [
      'bad requestTimeout',
      { subscribeKey: 's', userId: 'u', requestTimeout: -5 },
      /requestTimeout option must be a positive integer, got the number -5/,
    ],
    [
      'origin with a scheme',
      { subscribeKey: 's', userId: 'u', origin: 'https://ps.pndsn.com' },
      /origin option is a host with an optional port/,
    ],
    [
      'bad fileUploadPublishRetryLimit',
      { subscribeKey: 's', userId: 'u', fileUploadPublishRetryLimit: 0 },
      /fileUploadPublishRetryLimit/,
    ],
    [
      'ssl given as a string',
      { subscribeKey: 's', userId: 'u', ssl: 'false' },
      /The ssl option must be a boolean, got a string/,
    ],
    [
      'fetch that is not a function',
      { subscribeKey: 's', userId: 'u', fetch: {} },
      /The fetch option must be a function, got object/,
    ],
  ])('refuses a missing or bad %s with a validation PubNubError', (_, config, message) => {
    let error: unknown;
    try {
      new PubNub(config as never);
    } catch (thrown) {
      error = thrown;
    }
    expect(isPubNubError(error)).toBe(true);
    expect((error as PubNubError).status).toMatchObject({
      category: 'PNValidationErrorCategory',
      operation: 'PNConfigurationOperation',
    });
    expect((error as PubNubError).message).toMatch(message);
  });

  it('never echoes a key value in a configuration error', () => {
    let error: unknown;
    try {
      new PubNub({ subscribeKey: 's', userId: 'u', secretKey: 'sec-c-VERY-SECRET' } as never);
    } catch (thrown) {
      error = thrown;
    }
    expect(JSON.stringify(error) + String(error)).not.toContain('VERY-SECRET');
  });

  it('defaults to https://ps.pndsn.com', async () => {
    const { fileUrl } = await new PubNub(KEYS).getFileUrl({ channel: 'c', fileId: 'i', fileName: 'n' });
    expect(fileUrl.startsWith('https://ps.pndsn.com/v1/files/')).toBe(true);
  });
});
