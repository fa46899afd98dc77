import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withCommonQuery } from '../../src/lowlevel/common-query.ts';
import { buildQueryString } from '../../src/lowlevel/encoding.ts';
import { DEFAULT_PNSDK } from '../../src/lowlevel/version.ts';

describe('withCommonQuery, for URLs built without a request (getFileUrl)', () => {
  const path = '/v1/files/sub-c-mock/channels/ch1/files/id1/a.txt';

  it('adds uuid, pnsdk, requestid and auth, and no timestamp or signature without a secret key', async () => {
    const query = await withCommonQuery(
      { userId: 'user-1', authKey: 'tok', requestId: () => 'req-1' },
      { method: 'GET', path, query: { signature: 'v2.stale' } },
    );
    expect(query).toEqual({ uuid: 'user-1', pnsdk: DEFAULT_PNSDK, requestid: 'req-1', auth: 'tok' });
  });

  it('signs for GET with an empty body, replacing a stale signature', async () => {
    const query = await withCommonQuery(
      { userId: 'user-1', secretKey: 'sec-c-mock', publishKey: 'pub-c-mock', pnsdk: 'PubNub-JS-Nodejs/12.0.3', requestId: () => 'r', now: () => 1795750399_000 },
      { method: 'GET', path, query: { signature: 'v2.stale' } },
    );
    const { signature, ...signed } = query;
    const text = `GET\npub-c-mock\n${path}\n${buildQueryString(Object.fromEntries(Object.entries(signed).sort()))}\n`;
    expect(text).toContain('pnsdk=PubNub-JS-Nodejs%2F12.0.3&requestid=r&timestamp=1795750399&uuid=user-1\n');
    expect(signature).toBe(`v2.${createHmac('sha256', 'sec-c-mock').update(text).digest('base64url')}`);
  });
});
