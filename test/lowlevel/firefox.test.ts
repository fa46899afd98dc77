// Firefox has no `Request.body` (bugzilla 1387483): the common-query middleware cannot ask a request whether it has a
// body. Without the getter, a POST must still carry (and sign) its body, and a GET must still go out without one.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFilesClient } from '../../src/lowlevel/client.ts';

const bodyGetter = Object.getOwnPropertyDescriptor(Request.prototype, 'body');

beforeEach(() => {
  Object.defineProperty(Request.prototype, 'body', { get: () => undefined, configurable: true });
});

afterEach(() => {
  if (bodyGetter) Object.defineProperty(Request.prototype, 'body', bodyGetter);
});

function client() {
  const sent: Array<{ method: string; url: URL; body: string }> = [];
  const files = createFilesClient({
    userId: 'user-1',
    publishKey: 'pub-c-mock',
    secretKey: 'sec-c-mock',
    fetch: async (request) => {
      sent.push({ method: request.method, url: new URL(request.url), body: await request.text() });
      return Response.json({
        status: 200,
        data: { id: 'id-1', name: 'a.txt' },
        file_upload_request: { url: 'https://s3.test/', form_fields: [] },
      });
    },
  });
  return { files, sent };
}

describe('without Request.body (Firefox)', () => {
  it('sends and signs a POST body', async () => {
    const { files, sent } = client();
    await files.POST('/v1/files/{sub_key}/channels/{channel}/generate-upload-url', {
      params: { path: { sub_key: 'sub-c-mock', channel: 'room' } },
      body: { name: 'a.txt' },
    });
    const [request] = sent;
    expect(request?.body).toBe('{"name":"a.txt"}');
    const query = [...request!.url.searchParams]
      .filter(([key]) => key !== 'signature')
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const canonical = query.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
    const signed = `POST\npub-c-mock\n${request!.url.pathname}\n${canonical}\n{"name":"a.txt"}`;
    expect(request!.url.searchParams.get('signature')).toBe(
      `v2.${createHmac('sha256', 'sec-c-mock').update(signed).digest('base64url')}`,
    );
  });

  it('sends a GET without a body', async () => {
    const { files, sent } = client();
    const { response } = await files.GET('/v1/files/{sub_key}/channels/{channel}/files', {
      params: { path: { sub_key: 'sub-c-mock', channel: 'room' } },
    });
    expect(response.status).toBe(200);
    expect(sent.map(({ method, body }) => [method, body])).toEqual([['GET', '']]);
  });
});
