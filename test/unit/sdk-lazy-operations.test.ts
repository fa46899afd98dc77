// listFiles, getFileUrl, deleteFile, publishFileMessage and fetchFileMessages are imported on first use (an app that only sends and downloads does not
// download them): a failed import fails the call that needed it, as a network issue of that operation, without any
// request, and the next call imports again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeService, json } from '../support/sdk-fake-service.ts';

const OPERATIONS = '../../src/highlevel/operations/on-demand.ts';

beforeEach(() => {
  // The loaded chunk is remembered per module instance: each test starts from fresh modules.
  vi.resetModules();
});

afterEach(() => {
  vi.doUnmock(OPERATIONS);
});

async function client(requestTimeout?: number) {
  const { PubNub } = await import('../../src/index.ts');
  const service = fakeService({
    list: () => json({ status: 200, data: [], count: 0 }),
    file: () => json({ status: 200 }),
    publish: () => new Response('[1,"Sent","17339246164989106"]', { headers: { 'Content-Type': 'text/javascript' } }),
  });
  const pubnub = new PubNub({
    subscribeKey: 'sub-c-test',
    publishKey: 'pub-c-test',
    userId: 'user',
    fetch: service.fetch,
    ...(requestTimeout === undefined ? {} : { requestTimeout }),
  });
  return { pubnub, service };
}

function failImport(): void {
  vi.doMock(OPERATIONS, () => {
    throw new Error('chunk unavailable');
  });
}

const stored = { channel: 'room', fileId: 'id-1', fileName: 'a.txt' };

describe('file operations loaded on first use', () => {
  it('fail with the operation that needed the code when it cannot be imported, sending nothing', async () => {
    failImport();
    const { pubnub, service } = await client();
    const calls = [
      ['PNListFilesOperation', /^List files failed: its code could not be loaded \(/, () => pubnub.listFiles({ channel: 'room' })],
      ['PNGetFileUrlOperation', /^Get file URL failed: its code could not be loaded \(/, () => pubnub.getFileUrl(stored)],
      ['PNDeleteFileOperation', /^Delete file failed: its code could not be loaded \(/, () => pubnub.deleteFile(stored)],
      [
        'PNPublishFileMessageOperation',
        /^Publish file message failed: its code could not be loaded \(/,
        () => pubnub.publishFileMessage(stored),
      ],
      ['PNFetchMessagesOperation', /^Fetch messages failed: its code could not be loaded \(/, () => pubnub.fetchFileMessages({ channel: 'room' })],
    ] as const;
    for (const [operation, message, call] of calls) {
      const failure = call();
      await expect(failure).rejects.toThrow(message);
      await expect(failure).rejects.toMatchObject({
        name: 'PubNubError',
        status: {
          error: true,
          category: 'PNNetworkIssuesCategory',
          operation,
          // vitest wraps the factory's error in its own
          errorData: { name: 'Error', message: expect.stringContaining('error when mocking a module') },
        },
      });
    }
    const { status } = await pubnub.listFiles().channel('room').future();
    expect(status).toMatchObject({ error: true, category: 'PNNetworkIssuesCategory', operation: 'PNListFilesOperation' });
    expect(service.requests).toEqual([]);
  });

  it('import again on the next call after a failed import', async () => {
    failImport();
    const { pubnub, service } = await client();
    await expect(pubnub.listFiles({ channel: 'room' })).rejects.toMatchObject({ status: { category: 'PNNetworkIssuesCategory' } });
    vi.doUnmock(OPERATIONS);
    await expect(pubnub.listFiles({ channel: 'room' })).resolves.toEqual({ data: [], count: 0, next: null, prev: null });
    await expect(pubnub.deleteFile(stored)).resolves.toEqual({ status: 200 });
    await expect(pubnub.publishFileMessage(stored)).resolves.toEqual({ timestamp: '17339246164989106' });
    expect(service.calls()).toEqual(['GET list', 'DELETE file', 'GET publish']);
  });

  it('check their input once the code is there, as before', async () => {
    const { pubnub, service } = await client();
    await expect(pubnub.listFiles({ channel: 'room', limit: 0 })).rejects.toMatchObject({
      status: { category: 'PNValidationErrorCategory', operation: 'PNListFilesOperation' },
    });
    await expect(pubnub.deleteFile({ ...stored, fileId: '..' })).rejects.toMatchObject({
      status: { category: 'PNValidationErrorCategory', operation: 'PNDeleteFileOperation' },
    });
    expect(service.requests).toEqual([]);
  });

  it('give up a load that stalls when the call is cancelled, or after requestTimeout', async () => {
    // A chunk whose fetch never ends (a hung connection): the call must still end, as a request would.
    vi.doMock(OPERATIONS, () => new Promise(() => {}));
    const { pubnub, service } = await client(30);
    const controller = new AbortController();
    const cancelledCall = pubnub.listFiles({ channel: 'room', signal: controller.signal });
    controller.abort();
    await expect(cancelledCall).rejects.toMatchObject({ status: { category: 'PNCancelledCategory', operation: 'PNListFilesOperation' } });
    await expect(pubnub.getFileUrl(stored)).rejects.toThrow(/^Get file URL timed out: no complete answer within the request timeout$/);
    await expect(pubnub.deleteFile().channel('room').fileId('id-1').fileName('a.txt').future()).resolves.toMatchObject({
      result: null,
      status: { category: 'PNTimeoutCategory', operation: 'PNDeleteFileOperation' },
    });
    expect(service.requests).toEqual([]);
  });
});
