// What `pubnub.ts` imports the first time listFiles (or iterateFiles), getFileUrl, deleteFile or publishFileMessage
// runs: one chunk for them all, so an app that only sends and downloads does not download them (README, "Bundle size").
export { deleteFile } from './delete-file.ts';
export { getFileUrl } from './get-file-url.ts';
export { iterateFiles } from './iterate-files.ts';
export { listFiles } from './list-files.ts';
export { publishFileMessage } from './publish-file-message.ts';
