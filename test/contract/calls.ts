// Every operation of the spec, called through the low-level client against the Prism started by global-setup.
// Each call keeps a clone of the raw response, because openapi-fetch consumes the body and parses error text as JSON.
import { inject } from 'vitest';
import { createFilesClient, createUploadForm, type FilesClient, type FormField } from '../../src/lowlevel/index.ts';
import type { OperationId } from '../support/spec.ts';

/** Options of one call: extra headers (`Prefer`) and a client option set. */
export interface CallOptions {
  headers?: Record<string, string>;
}

export const channelPath = { sub_key: 'sub-c-mock', channel: 'maps' };
export const filePath = {
  ...channelPath,
  file_id: '740ff3c3-6e0e-4849-801b-995dec393bca',
  file_name: 'king arthur (1).txt',
};

/** The fields the service sends today (docs/protocol.md A2), in its order. */
export const formFields: FormField[] = [
  {
    key: 'tagging',
    value: '<Tagging><TagSet><Tag><Key>ObjectTTLInDays</Key><Value>1</Value></Tag></TagSet></Tagging>',
  },
  { key: 'key', value: 'sub-c-mock/0MR1-z2w0nSJYxwEy74p5QjV85TmgNBKPrV71t55NT0/740ff3c3/king arthur (1).txt' },
  { key: 'Content-Type', value: 'text/plain; charset=utf-8' },
  { key: 'X-Amz-Credential', value: 'AKIAIOSFODNN7EXAMPLE/20241211/us-east-1/s3/aws4_request' },
  { key: 'X-Amz-Security-Token', value: '' },
  { key: 'X-Amz-Algorithm', value: 'AWS4-HMAC-SHA256' },
  { key: 'X-Amz-Date', value: '20241211T134335Z' },
  { key: 'Policy', value: 'eyJleHBpcmF0aW9uIjoiMjAyNC0xMi0xMVQxMzo0NDozNVoifQ==' },
  { key: 'X-Amz-Signature', value: '3b9c1f0e6a0a4d8f0a3e8e6b2f5c7d9e1a2b3c4d5e6f708192a3b4c5d6e7f809' },
];

export const presignedQuery = {
  'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
  'X-Amz-Credential': 'AKIAIOSFODNN7EXAMPLE/20241211/us-east-1/s3/aws4_request',
  'X-Amz-Date': '20241211T130000Z',
  'X-Amz-Expires': 3900,
  'X-Amz-SignedHeaders': 'host',
  'X-Amz-Signature': '7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
};

/** A client on Prism with every common parameter in play: auth, and a signature over the request as sent. */
export function prismClient(): FilesClient {
  return createFilesClient({
    userId: 'user-1',
    baseUrl: inject('prismUrl'),
    authKey: 'auth-key-1',
    secretKey: 'sec-c-mock',
    publishKey: 'pub-c-mock',
  });
}

type Call = (client: FilesClient, options: CallOptions & { middleware: [RawResponse] }) => Promise<unknown>;
type RawResponse = { onResponse(params: { response: Response }): undefined };

const calls: Record<OperationId, Call> = {
  generateUploadUrl: (client, options) =>
    client.POST('/v1/files/{sub_key}/channels/{channel}/generate-upload-url', {
      ...options,
      params: { path: channelPath },
      body: { name: 'king arthur (1).txt' },
    }),
  uploadFile: (client, options) =>
    client.POST('/', {
      ...options,
      baseUrl: inject('prismUrl'),
      body: createUploadForm(formFields, new Blob(['Knights who say Ni!']), 'king arthur (1).txt'),
    }),
  publishFileMessage: (client, options) =>
    client.GET('/v1/files/publish-file/{pub_key}/{sub_key}/0/{channel}/0/{message}', {
      ...options,
      parseAs: 'text',
      params: {
        path: {
          ...channelPath,
          pub_key: 'pub-c-mock',
          message: JSON.stringify({
            message: { text: 'Here is the map!' },
            file: { id: filePath.file_id, name: filePath.file_name },
          }),
        },
        query: { store: 1, ttl: 24, meta: '{"kind":"map"}', custom_message_type: 'file-share' },
      },
    }),
  listFiles: (client, options) =>
    client.GET('/v1/files/{sub_key}/channels/{channel}/files', {
      ...options,
      params: { path: channelPath, query: { limit: 10, next: 'MTczMzkyNDYxNjQ5ODkxMDY' } },
    }),
  getFile: (client, options) =>
    client.GET('/v1/files/{sub_key}/channels/{channel}/files/{file_id}/{file_name}', {
      ...options,
      // The 307 points at the real CDN: never follow it from a test.
      redirect: 'manual',
      params: { path: filePath },
    }),
  downloadFile: (client, options) =>
    client.GET('/{sub_key}/{opaque}/{file_id}/{file_name}', {
      ...options,
      baseUrl: inject('prismUrl'),
      parseAs: 'text',
      params: {
        path: {
          sub_key: 'sub-c-mock',
          opaque: '0MR1-z2w0nSJYxwEy74p5QjV85TmgNBKPrV71t55NT0',
          file_id: filePath.file_id,
          file_name: filePath.file_name,
        },
        query: presignedQuery,
      },
    }),
  deleteFile: (client, options) =>
    client.DELETE('/v1/files/{sub_key}/channels/{channel}/files/{file_id}/{file_name}', {
      ...options,
      params: { path: filePath },
    }),
  subscribe: (client, options) =>
    client.GET('/v2/subscribe/{sub_key}/{channels}/0', {
      ...options,
      params: { path: { sub_key: 'sub-c-mock', channels: ['maps', 'notes'] }, query: { tt: '0', heartbeat: 300 } },
    }),
  // The query the official JS SDK's fetchMessages sends, with every include_ flag and a page boundary.
  fetchMessages: (client, options) =>
    client.GET('/v3/history/sub-key/{sub_key}/channel/{channels}', {
      ...options,
      params: {
        path: { sub_key: 'sub-c-mock', channels: 'maps' },
        query: {
          max: 100,
          start: '17339246164989999',
          include_meta: 'true',
          include_uuid: 'true',
          include_message_type: 'true',
          include_custom_message_type: 'true',
        },
      },
    }),
};

export const operationIds = Object.keys(calls) as OperationId[];

/** Calls an operation on Prism through the low-level client and returns the response with its body unread. */
export async function callOperation(operationId: OperationId, options: CallOptions = {}): Promise<Response> {
  let raw: Response | undefined;
  const keepRaw: RawResponse = {
    onResponse({ response }) {
      raw = response.clone();
      return undefined;
    },
  };
  await calls[operationId](prismClient(), { ...options, middleware: [keepRaw] });
  if (!raw) throw new Error(`${operationId}: no response reached the middleware`);
  return raw;
}
