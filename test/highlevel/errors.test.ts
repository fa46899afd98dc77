import { describe, expect, it } from 'vitest';
import { PubNubError, isPubNubError, redactSecrets } from '../../src/highlevel/errors.ts';

describe('PubNubError', () => {
  it('carries a status with error=true and is recognised by the guard', () => {
    const err = new PubNubError('not found', {
      category: 'PNNotFoundCategory',
      operation: 'PNDeleteFileOperation',
      statusCode: 404,
    });
    expect(err.status).toEqual({
      error: true,
      category: 'PNNotFoundCategory',
      operation: 'PNDeleteFileOperation',
      statusCode: 404,
    });
    expect(isPubNubError(err)).toBe(true);
    expect(isPubNubError(new Error('x'))).toBe(false);
    expect(err).toBeInstanceOf(Error);
  });

  it('never shows auth tokens or signatures in its message or JSON', () => {
    const url =
      'https://ps.pndsn.com/v1/files/sub/channels/c/files?uuid=u&auth=tok-secret&signature=v2.abc&timestamp=1';
    const err = new PubNubError(`request to ${url} failed`, {
      category: 'PNNetworkIssuesCategory',
      operation: 'PNListFilesOperation',
    });
    const serialised = JSON.stringify(err) + err.message;
    expect(serialised).not.toContain('tok-secret');
    expect(serialised).not.toContain('v2.abc');
    expect(err.message).toContain('auth=[redacted]');
    expect(redactSecrets('https://s3/?X-Amz-Signature=dead&a=1')).toBe('https://s3/?X-Amz-Signature=[redacted]&a=1');
  });

  it('instanceof recognises the errors of another copy of the class by their brand; a subclass checks its prototype', () => {
    // What an error of another copy (the package root's, or the CJS build's) looks like to this one.
    const otherCopy = Object.assign(new Error('x'), { [Symbol.for('pubnub-files.PubNubError')]: true });
    expect(otherCopy instanceof PubNubError).toBe(true);
    expect(new Error('x') instanceof PubNubError).toBe(false);
    expect({ name: 'PubNubError' } instanceof PubNubError).toBe(false);
    class Special extends PubNubError {}
    const special = new Special('m', { category: 'PNUnknownCategory', operation: 'PNListFilesOperation' });
    expect(special instanceof Special).toBe(true);
    expect(special instanceof PubNubError).toBe(true);
    expect(PubNubError.validation('PNListFilesOperation', 'm') instanceof Special).toBe(false);
  });
});

describe('PubNubError: one constructor per kind', () => {
  it('each names its category and operation, and says what happened', () => {
    const E = PubNubError;
    const aborted = new AbortController();
    aborted.abort('user left');
    const cases = [
      [
        E.validation('PNListFilesOperation', 'Invalid limit: expected 1 to 100, got 0.'),
        'PNValidationErrorCategory',
        'PNListFilesOperation',
        /^Invalid limit/,
      ],
      [E.decryption('wrong key'), 'PNDecryptionErrorCategory', 'PNDecryptOperation', /^Decryption failed: wrong key$/],
      [
        E.cancelled('PNDeleteFileOperation', aborted.signal),
        'PNCancelledCategory',
        'PNDeleteFileOperation',
        /^Delete file was cancelled by its AbortSignal$/,
      ],
      [E.timeout('PNGetFileUrlOperation'), 'PNTimeoutCategory', 'PNGetFileUrlOperation', /^Get file URL timed out/],
      [
        E.network('PNDownloadFileOperation', { message: 'fetch failed' }, 'ECONNREFUSED', undefined),
        'PNNetworkIssuesCategory',
        'PNDownloadFileOperation',
        /no response \(fetch failed: ECONNREFUSED\)/,
      ],
      [
        E.malformed('PNListFilesOperation', 'the answer has no data array', 200),
        'PNMalformedResponseCategory',
        'PNListFilesOperation',
        /^List files failed: the answer has no data array$/,
      ],
      [
        E.unexpected('PNSubscribeOperation', new TypeError('x is undefined')),
        'PNUnknownCategory',
        'PNSubscribeOperation',
        /^Unexpected failure: x is undefined$/,
      ],
    ] as const;
    for (const [error, category, operation, message] of cases) {
      expect(error.status).toMatchObject({ error: true, category, operation });
      expect(error.message).toMatch(message);
    }
    expect(E.cancelled('PNDeleteFileOperation', aborted.signal).cause).toBe('user left');
    expect(
      E.network('PNDownloadFileOperation', { message: 'fetch failed' }, 'ECONNREFUSED', undefined).status.errorData,
    ).toEqual({ message: 'fetch failed', code: 'ECONNREFUSED' });
    expect(E.malformed('PNListFilesOperation', 'x', 200).status.statusCode).toBe(200);
  });
});

describe('thrown values that cannot be turned into text', () => {
  it('a stream that throws an object without a prototype fails sendFile with a PubNubError, and future() reports it', async () => {
    const { PubNub } = await import('../../src/highlevel/pubnub.ts');
    const pubnub = new PubNub({
      subscribeKey: 's',
      publishKey: 'p',
      userId: 'u',
      fetch: () => Promise.reject(new Error('unused')),
    });
    const hostile = {
      async *[Symbol.asyncIterator]() {
        yield new Uint8Array(1);
        throw Object.create(null);
      },
    };
    const thrown = await pubnub
      .sendFile({ channel: 'c', fileName: 'f', file: hostile })
      .catch((error: unknown) => error);
    expect(isPubNubError(thrown)).toBe(true);
    const { status } = await pubnub.sendFile().channel('c').fileName('f').fileObject(hostile).future();
    expect(status).toMatchObject({ error: true, category: 'PNUnknownCategory', operation: 'PNPublishFileOperation' });
  });
});
