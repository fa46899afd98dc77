// Every operation of the spec, called through the low-level client on Prism, answered with its default example.
import { describe, expect, it } from 'vitest';
import { listOperationIds, type OperationId } from '../support/spec.ts';
import { callOperation, operationIds } from './calls.ts';
import { expectConforming } from './conformance.ts';

const TIMETOKEN = /^[0-9]{17}$/;

const successStatus: Record<OperationId, number> = {
  generateUploadUrl: 200,
  uploadFile: 204,
  publishFileMessage: 200,
  listFiles: 200,
  getFile: 307,
  downloadFile: 200,
  deleteFile: 200,
  subscribe: 200,
  fetchMessages: 200,
};

describe('every operation through the low-level client', () => {
  it('covers exactly the operations of the spec', () => {
    expect([...operationIds].sort()).toEqual(listOperationIds().sort());
  });

  for (const operationId of operationIds) {
    it(`${operationId}: accepted without violations, answered as the spec declares`, async () => {
      const response = await callOperation(operationId);
      expect(response.status).toBe(successStatus[operationId]);
      await expectConforming(operationId, response);
    });
  }
});

describe('what each answer means', () => {
  it('generateUploadUrl: the stored name and the ordered {key, value} form fields', async () => {
    const body = (await expectConforming('generateUploadUrl', await callOperation('generateUploadUrl'))) as {
      data: { name: string };
      file_upload_request: { form_fields: { key: string; value: string }[] };
    };
    expect(body.data.name).toBe('king_arthur.txt');
    expect(body.file_upload_request.form_fields.map(({ key }) => key)).toEqual([
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
  });

  it('publishFileMessage: JSON text served as text/javascript, element 2 a string timetoken', async () => {
    const response = await callOperation('publishFileMessage');
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    const [ok, sent, timetoken] = JSON.parse(
      (await expectConforming('publishFileMessage', response)) as string,
    ) as unknown[];
    expect([ok, sent]).toEqual([1, 'Sent']);
    expect(timetoken).toMatch(TIMETOKEN);
  });

  it('getFile: a 307 whose Location is the presigned CDN URL, with Cache-Control', async () => {
    const response = await callOperation('getFile');
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.protocol).toBe('https:');
    expect(location.searchParams.get('X-Amz-Expires')).toBe('3900');
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
  });

  it('uploadFile: 204 with the quoted MD5 ETag', async () => {
    const response = await callOperation('uploadFile');
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('downloadFile: the stored bytes with their Content-Type', async () => {
    const response = await callOperation('downloadFile');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await expectConforming('downloadFile', response)).toBe('Knights who say Ni!');
  });

  it('listFiles: a page with count and a nullable next', async () => {
    const body = (await expectConforming('listFiles', await callOperation('listFiles'))) as {
      data: unknown[];
      next: string | null;
      count: number;
    };
    expect(body.count).toBe(body.data.length);
    expect(body.next).toBeNull();
  });

  it('subscribe: the handshake cursor, a string timetoken', async () => {
    const body = (await expectConforming('subscribe', await callOperation('subscribe'))) as { t: { t: string }; m: [] };
    expect(body.t.t).toMatch(TIMETOKEN);
    expect(body.m).toEqual([]);
  });

  it('fetchMessages: per channel, oldest first, string timetokens, file messages as type 4 with their file', async () => {
    const body = (await expectConforming('fetchMessages', await callOperation('fetchMessages'))) as {
      channels: Record<string, Array<{ timetoken: string; message_type: number | null; message: { file?: unknown } }>>;
    };
    const maps = body.channels['maps']!;
    expect(maps.map((m) => m.timetoken)).toEqual([...maps.map((m) => m.timetoken)].sort());
    for (const message of maps) expect(message.timetoken).toMatch(TIMETOKEN);
    expect(maps.find((m) => m.message_type === 4)?.message.file).toEqual({
      id: expect.any(String),
      name: expect.any(String),
    });
  });

  it('deleteFile: {status: 200}', async () => {
    expect(await expectConforming('deleteFile', await callOperation('deleteFile'))).toEqual({ status: 200 });
  });
});
