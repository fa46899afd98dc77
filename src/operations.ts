// `pubnub-files/operations`: every operation as a standalone function of a client, for apps that count their bytes.
// A bundler ships only the functions an app imports (the PubNub class of the package root carries them all):
//
//   import { createClient, sendFile } from 'pubnub-files/operations';
//   const client = createClient({ subscribeKey: 'sub-c-…', publishKey: 'pub-c-…', userId: 'alice' });
//   const { fileId, name } = await sendFile(client, { channel: 'room', fileName: 'map.png', file: blob });
//
// Each function takes the same params and gives the same result and errors as the method of the same name.
import { operationFunction, type PubNubClient } from './highlevel/client.ts';
import {
  deleteFileOperation,
  downloadFileOperation,
  fetchFileMessagesOperation,
  getFileUrlOperation,
  listFilesOperation,
  publishFileMessageOperation,
  sendFileOperation,
  type OperationName,
} from './highlevel/operations/index.ts';
import { iterateFiles as walkPages, type IterateFilesParams } from './highlevel/operations/iterate-files.ts';
import type { FileInfo } from './highlevel/operations/list-files.ts';

export { createClient, type PubNubClient } from './highlevel/client.ts';
export { PubNubError, isPubNubError } from './highlevel/errors.ts';
export { CryptoModule } from './highlevel/crypto/index.ts';

/** Uploads a file and publishes its message: generate upload URL → upload → publish (with retries). */
export const sendFile = /* @__PURE__ */ operationFunction(sendFileOperation);
/** One page of a channel's files. */
export const listFiles = /* @__PURE__ */ operationFunction(listFilesOperation);
/** The file's URL, built locally (no request); it redirects to the bytes. */
export const getFileUrl = /* @__PURE__ */ operationFunction(getFileUrlOperation);
/** The file's bytes, decrypted when a crypto module applies. */
export const downloadFile = /* @__PURE__ */ operationFunction(downloadFileOperation);
/** Deletes a stored file. */
export const deleteFile = /* @__PURE__ */ operationFunction(deleteFileOperation);
/** Announces an uploaded file; finishes a sendFile whose publish step failed. */
export const publishFileMessage = /* @__PURE__ */ operationFunction(publishFileMessageOperation);
/** A channel's stored file messages, oldest first, each like a file event; `next` pages further back. */
export const fetchFileMessages = /* @__PURE__ */ operationFunction(fetchFileMessagesOperation);

/** Every file of a channel, one listFiles page at a time, each asked for once the loop reaches it. */
export function iterateFiles(
  client: PubNubClient,
  params: IterateFilesParams,
): AsyncGenerator<FileInfo, void, undefined> {
  return walkPages((page) => listFiles(client, page as Parameters<typeof listFiles>[1]), params);
}

// Every operation of the table has its function here: a new one without it fails to compile.
type Functions = {
  sendFile: typeof sendFile;
  listFiles: typeof listFiles;
  getFileUrl: typeof getFileUrl;
  downloadFile: typeof downloadFile;
  deleteFile: typeof deleteFile;
  publishFileMessage: typeof publishFileMessage;
  fetchFileMessages: typeof fetchFileMessages;
};
type Missing = Exclude<OperationName, keyof Functions>;
const everyOperationHasAFunction: [Missing] extends [never] ? true : Missing = true;
void everyOperationHasAFunction;
