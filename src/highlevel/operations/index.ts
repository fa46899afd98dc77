// Every request-response method of `PubNub`, described once: its operation name (errors and statuses), the function
// that runs it, and the builder setters named after the documented Python API (snake_case in camelCase), each
// mapped to the params field it sets. The `PubNub` methods (both forms), the builder types and the exported builder
// names are derived from this table; an operation added here is a method everywhere, type-checked.
import type { CallOptions } from '../builder.ts';
import type { Context } from '../context.ts';
import type { Operation } from '../errors.ts';
import { deleteFile } from './delete-file.ts';
import { downloadFile } from './download-file.ts';
import { fetchFileMessages } from './fetch-file-messages.ts';
import { getFileUrl } from './get-file-url.ts';
import { listFiles } from './list-files.ts';
import { publishFileMessage } from './publish-file-message.ts';
import { sendFile } from './send-file.ts';

/** Setter name → the params field it sets. */
export type SetterMap<P> = { readonly [setter: string]: keyof P & string };

export interface OperationEntry<P extends CallOptions, R, S extends SetterMap<P>> {
  operation: Operation;
  /** Checks `params` itself (a builder's may be incomplete); throws only `PubNubError`s. */
  run: (context: Context, params: Partial<P>, signal: AbortSignal | undefined) => Promise<R>;
  setters: S;
}

/** A setter may not take the name of what every builder has. */
type ReservedSetters = { signal?: never; result?: never; future?: never };

function define<P extends CallOptions, R, const S extends SetterMap<P> & ReservedSetters>(
  entry: OperationEntry<P, R, S>,
) {
  return entry;
}

// Setter maps are written out, not spread from shared constants: a spread is not side-effect free to a bundler, so
// an entry built with one would be kept in every app, used or not.
// Each entry on its own (marked pure, so a bundler drops the ones an app never names) for the standalone functions of
// `pubnub-files/operations`; gathered in OPERATIONS for the PubNub class.
export const sendFileOperation = /* @__PURE__ */ define({
  operation: 'PNPublishFileOperation',
  run: sendFile,
  setters: {
    channel: 'channel',
    fileName: 'fileName',
    fileObject: 'file',
    message: 'message',
    meta: 'meta',
    shouldStore: 'shouldStore',
    ttl: 'ttl',
    customMessageType: 'customMessageType',
    cipherKey: 'cipherKey',
    onProgress: 'onProgress',
  },
});
export const listFilesOperation = /* @__PURE__ */ define({
  operation: 'PNListFilesOperation',
  run: listFiles,
  setters: { channel: 'channel', limit: 'limit', next: 'next' },
});
export const getFileUrlOperation = /* @__PURE__ */ define({
  operation: 'PNGetFileUrlOperation',
  run: getFileUrl,
  setters: { channel: 'channel', fileId: 'fileId', fileName: 'fileName' },
});
export const downloadFileOperation = /* @__PURE__ */ define({
  operation: 'PNDownloadFileOperation',
  run: downloadFile,
  setters: {
    channel: 'channel',
    fileId: 'fileId',
    fileName: 'fileName',
    cipherKey: 'cipherKey',
    onProgress: 'onProgress',
  },
});
export const deleteFileOperation = /* @__PURE__ */ define({
  operation: 'PNDeleteFileOperation',
  run: deleteFile,
  setters: { channel: 'channel', fileId: 'fileId', fileName: 'fileName' },
});
export const publishFileMessageOperation = /* @__PURE__ */ define({
  operation: 'PNPublishFileMessageOperation',
  run: publishFileMessage,
  setters: {
    channel: 'channel',
    fileId: 'fileId',
    fileName: 'fileName',
    message: 'message',
    meta: 'meta',
    shouldStore: 'shouldStore',
    ttl: 'ttl',
    customMessageType: 'customMessageType',
    cipherKey: 'cipherKey',
  },
});
export const fetchFileMessagesOperation = /* @__PURE__ */ define({
  operation: 'PNFetchMessagesOperation',
  run: fetchFileMessages,
  setters: { channel: 'channel', count: 'count', start: 'start', end: 'end' },
});

export const OPERATIONS = {
  /** Uploads a file and publishes its message: generate upload URL → upload → publish (with retries). */
  sendFile: sendFileOperation,
  /** One page of a channel's files. */
  listFiles: listFilesOperation,
  /** The file's URL, built locally (no request); it redirects to the bytes. */
  getFileUrl: getFileUrlOperation,
  /** The file's bytes, decrypted when a crypto module applies. */
  downloadFile: downloadFileOperation,
  /** Deletes a stored file. */
  deleteFile: deleteFileOperation,
  /** Announces an uploaded file; finishes a sendFile whose publish step failed. */
  publishFileMessage: publishFileMessageOperation,
  /**
   * A channel's stored file messages (those published with `shouldStore`, within their `ttl`), oldest first, each like
   * a file event; `next` pages further back.
   */
  fetchFileMessages: fetchFileMessagesOperation,
};

type Table = typeof OPERATIONS;
export type OperationName = keyof Table;
export type ParamsOf<N extends OperationName> =
  Table[N] extends OperationEntry<infer P, infer _R, infer _S> ? P : never;
export type ResultOf<N extends OperationName> =
  Table[N] extends OperationEntry<infer _P, infer R, infer _S> ? R : never;
export type SettersOf<N extends OperationName> = Table[N]['setters'];
