// Prism validates requests against the spec: a malformed one must be refused, or the suite would prove nothing.
// An operation that declares a 400 gets that 400 with the violations in `sl-violations`; others get a 422.
import { describe, expect, inject, it } from 'vitest';
import { channelPath, prismClient, presignedQuery } from './calls.ts';

interface Violation {
  location: string[];
  code: string;
  message: string;
}

function violations(response: Response): Violation[] {
  const header = response.headers.get('sl-violations');
  expect(header, 'Prism lists the violations in sl-violations').not.toBeNull();
  return JSON.parse(header!) as Violation[];
}

describe('Prism refuses malformed requests', () => {
  it('limit=0 on listFiles: 400 with the violation named', async () => {
    const { response } = await prismClient().GET('/v1/files/{sub_key}/channels/{channel}/files', {
      params: { path: channelPath, query: { limit: 0 } },
    });
    expect(response.status).toBe(400);
    expect(violations(response)).toContainEqual(
      expect.objectContaining({ location: ['request', 'query', 'limit'], code: 'minimum' }),
    );
  });

  it('fetchMessages with max=0: 400 with the violation named', async () => {
    const { response } = await prismClient().GET('/v3/history/sub-key/{sub_key}/channel/{channels}', {
      params: { path: { sub_key: 'sub-c-mock', channels: 'maps' }, query: { max: 0 } },
    });
    expect(response.status).toBe(400);
    expect(violations(response)).toContainEqual(
      expect.objectContaining({ location: ['request', 'query', 'max'], code: 'minimum' }),
    );
  });

  it('a call without uuid (not made through the client) is refused for the missing uuid', async () => {
    const response = await fetch(`${inject('prismUrl')}/v1/files/sub-c-mock/channels/maps/files?limit=10`);
    expect(response.status).toBe(400);
    expect(violations(response)).toContainEqual(
      expect.objectContaining({
        location: ['request', 'query'],
        code: 'required',
        message: expect.stringContaining("'uuid'"),
      }),
    );
  });

  it('the same call with the client-added uuid passes', async () => {
    const { response } = await prismClient().GET('/v1/files/{sub_key}/channels/{channel}/files', {
      params: { path: channelPath, query: { limit: 10 } },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
  });

  it('a presigned download without its signature: 422 problem+json (downloadFile declares no 400)', async () => {
    const { 'X-Amz-Signature': _dropped, ...unsigned } = presignedQuery;
    const response = await fetch(
      `${inject('prismUrl')}/sub-c-mock/opaque/id-1/a.txt?${new URLSearchParams(Object.entries(unsigned).map(([k, v]) => [k, String(v)]))}`,
    );
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { validation: Violation[] };
    // Prism reports query names lowercased.
    expect(problem.validation).toContainEqual(
      expect.objectContaining({
        location: ['query'],
        code: 'required',
        message: expect.stringContaining("'x-amz-signature'"),
      }),
    );
  });

  it('a generateUploadUrl body without name: 400 with the body violation', async () => {
    const response = await fetch(`${inject('prismUrl')}/v1/files/sub-c-mock/channels/maps/generate-upload-url?uuid=u`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(violations(response)).toContainEqual(
      expect.objectContaining({
        location: ['request', 'body'],
        code: 'required',
        message: expect.stringContaining("'name'"),
      }),
    );
  });
});
