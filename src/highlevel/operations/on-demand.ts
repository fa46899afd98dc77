// What `pubnub.ts` imports the first time listFiles, getFileUrl, deleteFile, publishFileMessage or fetchFileMessages
// runs: one chunk for them, so an app that only sends and downloads does not download them (README, "Bundle size").
export { deleteFile } from './delete-file.ts';
export { fetchFileMessages } from './fetch-file-messages.ts';
export { getFileUrl } from './get-file-url.ts';
export { listFiles } from './list-files.ts';
export { publishFileMessage } from './publish-file-message.ts';
