import { describe, expect, it } from 'vitest';
import { PubNubError, isPubNubError, redactSecrets } from '../../src/highlevel/errors.ts';

describe('PubNubError', () => {
  it('carries a status with error=true and is recognised by the guard', () => {
    const err = new PubNubError('not found', { category: 'PNNotFoundCategory', operation: 'PNDeleteFileOperation', statusCode: 404 });
    expect(err.status).toEqual({ error: true, category: 'PNNotFoundCategory', operation: 'PNDeleteFileOperation', statusCode: 404 });
    expect(isPubNubError(err)).toBe(true);
    expect(isPubNubError(new Error('x'))).toBe(false);
    expect(err).toBeInstanceOf(Error);
  });

  it('never shows auth tokens or signatures in its message or JSON', () => {
    const url = 'https://ps.pndsn.com/v1/files/sub/channels/c/files?uuid=u&auth=tok-secret&signature=v2.abc&timestamp=1';
    const err = new PubNubError(`request to ${url} failed`, { category: 'PNNetworkIssuesCategory', operation: 'PNListFilesOperation' });
    const serialised = JSON.stringify(err) + err.message;
    expect(serialised).not.toContain('tok-secret');
    expect(serialised).not.toContain('v2.abc');
    expect(err.message).toContain('auth=[redacted]');
    expect(redactSecrets('https://s3/?X-Amz-Signature=dead&a=1')).toBe('https://s3/?X-Amz-Signature=[redacted]&a=1');
  });
});
