import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PubNubError } from '../../src/highlevel/errors.ts';
import { action } from '../../src/highlevel/http-errors.ts';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import type { PubNubConfig } from '../../src/highlevel/config.ts';
import { errorOf } from '../support/errors.ts';
import { KEYS } from '../support/keys.ts';
import { fakeService, generated, json, uploaded, type Handler } from '../support/sdk-fake-service.ts';

const SECRETS = { authKey: 'auth-token-SECRET', secretKey: 'sec-c-SECRET' };
const CONFIG = { ...KEYS, retryPolicy: false } as const;

async function failure(
  handlers: Partial<Record<string, Handler>>,
  call: (pubnub: PubNub) => Promise<unknown>,
  extra: Partial<PubNubConfig> = {},
) {
  const service = fakeService(handlers);
  const pubnub = new PubNub({ ...CONFIG, ...SECRETS, ...extra, fetch: service.fetch });
  return errorOf(call(pubnub));
}

const list = (pubnub: PubNub) => pubnub.listFiles({ channel: 'c' });
const remove = (pubnub: PubNub) => pubnub.deleteFile({ channel: 'c', fileId: 'id', fileName: 'a.txt' });
const publish = (pubnub: PubNub) =>
  pubnub.publishFileMessage({ channel: 'c', fileId: 'id', fileName: 'a.txt', message: 'hi' });

describe('messages name the operation after its status.operation', () => {
  it.each([
    ['PNGenerateUploadUrlOperation', 'Generate upload URL'],
    ['PNUploadFileOperation', 'Upload file'],
    ['PNPublishFileMessageOperation', 'Publish file message'],
    ['PNListFilesOperation', 'List files'],
    ['PNGetFileUrlOperation', 'Get file URL'],
    ['PNDownloadFileOperation', 'Download file'],
    ['PNDeleteFileOperation', 'Delete file'],
    ['PNSubscribeOperation', 'Subscribe'],
  ] as const)('%s → %s', (operation, name) => {
    expect(action(operation)).toBe(name);
  });
});

describe('error responses become one PubNubError', () => {
  it('files-service JSON error (400): bad request, with the server message', async () => {
    const body = { status: 400, error: { source: 'files', message: 'Invalid limit', code: 400 } };
    const error = await failure({ list: () => json(body, 400) }, list);
    expect(error.status).toEqual({
      error: true,
      category: 'PNBadRequestCategory',
      operation: 'PNListFilesOperation',
      statusCode: 400,
      errorData: body,
    });
    expect(error.message).toBe('List files failed: HTTP 400 — Invalid limit');
  });

  it('402 files not enabled: bad request', async () => {
    const body = { status: 402, error: { message: 'File sharing is not enabled for this key set' } };
    const error = await failure({ list: () => json(body, 402) }, list);
    expect(error.status).toMatchObject({ category: 'PNBadRequestCategory', statusCode: 402 });
    expect(error.message).toContain('not enabled');
  });

  it('404: not found', async () => {
    const error = await failure(
      { file: () => json({ status: 404, error: { message: 'File not found' } }, 404) },
      remove,
    );
    expect(error.status).toMatchObject({
      category: 'PNNotFoundCategory',
      operation: 'PNDeleteFileOperation',
      statusCode: 404,
    });
  });

  it('Access Manager 403: access denied, with its message', async () => {
    const body = { error: true, status: 403, service: 'Access Manager', message: 'Token is revoked' };
    const error = await failure({ publish: () => json(body, 403) }, publish);
    expect(error.status).toMatchObject({ category: 'PNAccessDeniedCategory', statusCode: 403, errorData: body });
    expect(error.message).toContain('Token is revoked');
  });

  it('a JSON body with status >= 400 is an error even on HTTP 200', async () => {
    const body = { error: true, status: 403, service: 'Access Manager', message: 'Forbidden' };
    const error = await failure({ list: () => json(body, 200) }, list);
    expect(error.status).toMatchObject({ category: 'PNAccessDeniedCategory', statusCode: 403, errorData: body });
  });

  it('publish refusal array [0, reason, …] (400)', async () => {
    const error = await failure(
      {
        publish: () =>
          new Response('[0,"Invalid Key","17339246164989106"]', {
            status: 400,
            headers: { 'Content-Type': 'text/javascript' },
          }),
      },
      publish,
    );
    expect(error.status).toMatchObject({
      category: 'PNBadRequestCategory',
      operation: 'PNPublishFileMessageOperation',
      statusCode: 400,
      errorData: [0, 'Invalid Key', '17339246164989106'],
    });
    expect(error.message).toContain('Invalid Key');
  });

  it('a files-service JSON error on a publish answered with HTTP 200 is that error, with its message', async () => {
    const body = { status: 400, error: { source: 'files', message: 'Invalid file id or name', code: 400 } };
    const error = await failure({ publish: () => new Response(JSON.stringify(body), { status: 200 }) }, publish);
    expect(error.status).toMatchObject({ category: 'PNBadRequestCategory', statusCode: 400, errorData: body });
    expect(error.message).toBe('Publish file message failed: HTTP 400 — Invalid file id or name');
  });

  it('publish refusal array on HTTP 200 is still an error', async () => {
    const error = await failure(
      { publish: () => new Response('[0,"Message Too Large","1"]', { status: 200 }) },
      publish,
    );
    expect(error.status).toMatchObject({ category: 'PNBadRequestCategory', statusCode: 200 });
  });

  it('an error with an empty body (openapi-fetch gives error undefined) still fails, by response.ok', async () => {
    const error = await failure({ file: () => new Response(null, { status: 500 }) }, remove);
    expect(error.status).toEqual({
      error: true,
      category: 'PNServerErrorCategory',
      operation: 'PNDeleteFileOperation',
      statusCode: 500,
    });
  });

  it('429: too many requests', async () => {
    const error = await failure({ list: () => new Response('', { status: 429 }) }, list);
    expect(error.status).toMatchObject({ category: 'PNTooManyRequestsCategory', statusCode: 429 });
  });

  it('a 200 whose body is not JSON: malformed response', async () => {
    const error = await failure(
      { list: () => new Response('<html>', { status: 200, headers: { 'Content-Length': '6' } }) },
      list,
    );
    expect(error.status).toMatchObject({ category: 'PNMalformedResponseCategory', operation: 'PNListFilesOperation' });
  });

  it('a 200 without the promised shape: malformed response', async () => {
    const error = await failure({ list: () => json({ status: 200 }) }, list);
    expect(error.status).toMatchObject({ category: 'PNMalformedResponseCategory', statusCode: 200 });
  });

  it('a rejected fetch: network issues, with the cause kept', async () => {
    const error = await failure(
      {
        list: () => {
          throw new TypeError('fetch failed');
        },
      },
      list,
    );
    expect(error.status).toMatchObject({
      category: 'PNNetworkIssuesCategory',
      operation: 'PNListFilesOperation',
      errorData: { name: 'TypeError', message: 'fetch failed' },
    });
    expect(error.status.statusCode).toBeUndefined();
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});

describe('no secret, auth token or signature in any error', () => {
  const leaky = `https://ps.pndsn.com/v1/files?auth=${SECRETS.authKey}&signature=v2.SIGNATURE-SECRET`;
  const scenarios: [string, Partial<Record<string, Handler>>, (pubnub: PubNub) => Promise<unknown>][] = [
    [
      'server message echoing the URL',
      { list: () => json({ status: 400, error: { message: `bad request ${leaky}` } }, 400) },
      list,
    ],
    [
      'fetch rejecting with the URL in its message',
      {
        file: () => {
          throw new TypeError(`connect ECONNREFUSED for ${leaky}`);
        },
      },
      remove,
    ],
    [
      'S3 echoing the signature',
      {
        upload: () =>
          new Response(
            `<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message><SignatureProvided>v2.SIGNATURE-SECRET</SignatureProvided><StringToSign>auth-token-SECRET</StringToSign></Error>`,
            { status: 403 },
          ),
        generate: () =>
          json({
            status: 200,
            data: { id: 'i', name: 'n' },
            file_upload_request: {
              url: 'https://bucket.s3.example.test/',
              method: 'POST',
              expiration_date: '',
              form_fields: [],
            },
          }),
      },
      (pubnub) => pubnub.sendFile({ channel: 'c', fileName: 'a', file: 'x' }),
    ],
    [
      'Access Manager refusal',
      {
        publish: () => json({ error: true, status: 403, service: 'Access Manager', message: 'Token is revoked' }, 403),
      },
      publish,
    ],
  ];
  it.each(scenarios)('%s', async (_, handlers, call) => {
    const error = await failure(handlers, call);
    const seen = `${error.message}\n${JSON.stringify(error)}\n${String(error)}\n${inspect(error)}`;
    expect(seen).not.toContain('SECRET');
  });

  it('drops a cause whose message (or its own cause) carries credentials, as logging would print it', async () => {
    const inner = new Error(`socket hang up for ${leaky}`);
    const refuse = () => {
      throw new TypeError('fetch failed', { cause: inner });
    };
    const error = await failure({ file: refuse }, remove);
    expect(error.status).toMatchObject({ category: 'PNNetworkIssuesCategory', errorData: { message: 'fetch failed' } });
    expect(error.cause).toBeUndefined();
    expect(inspect(error)).not.toContain('SECRET');
  });
});

describe('configured secrets never appear verbatim in an error', () => {
  it('hides the auth key and secret key even when a server echoes them outside a URL', async () => {
    const body = {
      error: true,
      status: 403,
      service: 'Access Manager',
      message: `Token ${SECRETS.authKey} is revoked`,
    };
    for (const form of ['params', 'builder'] as const) {
      const service = fakeService({ list: () => json(body, 403) });
      const pubnub = new PubNub({ ...CONFIG, ...SECRETS, fetch: service.fetch });
      const status =
        form === 'params'
          ? ((await pubnub.listFiles({ channel: 'c' }).catch((error: PubNubError) => error)) as PubNubError).status
          : (await pubnub.listFiles().channel('c').future()).status;
      expect(JSON.stringify(status)).not.toContain(SECRETS.authKey);
      expect(status).toMatchObject({
        category: 'PNAccessDeniedCategory',
        errorData: { message: 'Token [redacted] is revoked' },
      });
    }
  });

  it('hides a secret holding characters JSON escapes (quote, backslash), in the message and in errorData', async () => {
    const authKey = 'tok"en\\SECRET';
    const body = { status: 403, message: `Token ${authKey} is revoked`, details: [{ [authKey]: authKey }] };
    const error = await failure({ list: () => json(body, 403) }, list, { authKey });
    expect(error.message).toBe('List files failed: HTTP 403 — Token [redacted] is revoked');
    expect(error.status.errorData).toEqual({
      status: 403,
      message: 'Token [redacted] is revoked',
      details: [{ '[redacted]': '[redacted]' }],
    });
    expect(inspect(error)).not.toContain('SECRET');
  });

  it('leaves the fields callers act on as they are, even when a secret is part of them', async () => {
    // A short auth key inside the category name, and a channel and file name that hold it: a recovery call
    // (publishFileMessage after sendFile) must get the real channel and file name back.
    const authKey = 'Access';
    const service = fakeService({
      generate: () => generated('id-1', 'Access-report.txt'),
      upload: () => uploaded(),
      publish: () => json({ status: 403, message: 'Access denied' }, 403),
    });
    const pubnub = new PubNub({ ...CONFIG, authKey, fetch: service.fetch });
    const error = (await pubnub
      .sendFile({ channel: 'team.Access', fileName: 'Access-report.txt', file: 'x' })
      .catch((thrown: unknown) => thrown)) as PubNubError;
    expect(error.status).toMatchObject({
      category: 'PNAccessDeniedCategory',
      operation: 'PNPublishFileMessageOperation',
      statusCode: 403,
      channel: 'team.Access',
      fileId: 'id-1',
      fileName: 'Access-report.txt',
      errorData: { message: '[redacted] denied' },
    });
    expect(error.message).not.toContain('Access');
  });

  it('keeps URL-looking file names in the status (only errorData and the message are redacted)', async () => {
    const fileName = 'q3 report&signature=final.pdf';
    const error = await failure({ file: () => json({ status: 404, message: 'gone' }, 404) }, (pubnub) =>
      pubnub.deleteFile({ channel: 'c', fileId: 'id', fileName }),
    );
    expect(error.status.category).toBe('PNNotFoundCategory');
    const service = fakeService({
      generate: () => generated('id-1', fileName),
      upload: () => uploaded(),
      publish: () => json({ status: 500, message: 'down' }, 500),
    });
    const pubnub = new PubNub({ ...CONFIG, fileUploadPublishRetryLimit: 1, fetch: service.fetch });
    const failed = (await pubnub
      .sendFile({ channel: 'c', fileName, file: 'x' })
      .catch((thrown: unknown) => thrown)) as PubNubError;
    expect(failed.status.fileName).toBe(fileName);
  });

  it('drops a cause whose message holds a configured secret', async () => {
    const down: Handler = () => {
      throw new TypeError('fetch failed', { cause: new Error(`proxy refused token ${SECRETS.authKey}`) });
    };
    const error = await failure({ list: down }, list);
    expect(error.status.category).toBe('PNNetworkIssuesCategory');
    expect(error.cause).toBeUndefined();
    expect(inspect(error)).not.toContain('SECRET');
  });

  it('hides them in what subscribe reports too: the listener status and the error a fileEvents iterator throws', async () => {
    const refused: Handler = () =>
      json(
        { error: true, status: 403, service: 'Access Manager', message: `Token ${SECRETS.authKey} is revoked` },
        403,
      );
    const pubnub = new PubNub({ ...CONFIG, ...SECRETS, fetch: fakeService({ other: refused }).fetch });
    const status = await new Promise((resolve) => {
      pubnub.addListener({ status: (heard) => heard.error && resolve(heard) });
      pubnub.subscribe({ channels: ['c'] });
    });
    expect(status).toMatchObject({
      category: 'PNAccessDeniedCategory',
      errorData: { message: 'Token [redacted] is revoked' },
    });
    expect(JSON.stringify(status)).not.toContain('SECRET');
    const thrown = (await pubnub
      .fileEvents(['c'])
      .next()
      .catch((error: unknown) => error)) as PubNubError;
    expect(thrown.status.category).toBe('PNAccessDeniedCategory');
    expect(`${thrown.message} ${JSON.stringify(thrown.status)} ${inspect(thrown)}`).not.toContain('SECRET');
  });
});
