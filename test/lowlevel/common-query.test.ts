import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
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
      {
        userId: 'user-1',
        secretKey: 'sec-c-mock',
        publishKey: 'pub-c-mock',
        pnsdk: 'PubNub-JS-Nodejs/12.0.3',
        requestId: () => 'r',
        now: () => 1795750399_000,
      },
      { method: 'GET', path, query: { signature: 'v2.stale' } },
    );
    const { signature, ...signed } = query;
    const text = `GET\npub-c-mock\n${path}\n${buildQueryString(Object.fromEntries(Object.entries(signed).sort()))}\n`;
    expect(text).toContain('pnsdk=PubNub-JS-Nodejs%2F12.0.3&requestid=r&timestamp=1795750399&uuid=user-1\n');
    expect(signature).toBe(`v2.${createHmac('sha256', 'sec-c-mock').update(text).digest('base64url')}`);
  });
});

describe('requestid', () => {
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const request = { method: 'GET', path: '/v1/files/s/channels/c/files', query: {} };
  afterEach(() => {
    delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID;
  });

  it('is a fresh UUID v4 per call', async () => {
    const first = await withCommonQuery({ userId: 'u' }, request);
    const second = await withCommonQuery({ userId: 'u' }, request);
    expect(first.requestid).toMatch(UUID_V4);
    expect(second.requestid).toMatch(UUID_V4);
    expect(first.requestid).not.toBe(second.requestid);
  });

  it('is still a fresh UUID v4 where crypto.randomUUID is missing (pages served over plain http)', async () => {
    // Shadows the prototype's method on this instance; afterEach deletes the shadow again.
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    expect(globalThis.crypto.randomUUID).toBeUndefined();
    const ids = await Promise.all(Array.from({ length: 50 }, () => withCommonQuery({ userId: 'u' }, request)));
    for (const { requestid } of ids) expect(requestid).toMatch(UUID_V4);
    expect(new Set(ids.map(({ requestid }) => requestid)).size).toBe(50);
  });

  it('is left out when requestId is null (a URL to keep, not a request)', async () => {
    expect(await withCommonQuery({ userId: 'u', requestId: null }, request)).not.toHaveProperty('requestid');
  });
});
