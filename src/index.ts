// Package root: the high-level SDK. The typed low-level client lives at `pubnub-files/lowlevel`.
export { PubNubError, isPubNubError } from './highlevel/errors.ts';
export type { Status, StatusCategory, Operation } from './highlevel/errors.ts';
export { CryptoModule } from './highlevel/crypto/index.ts';
export type { AesCbcCryptoModuleOptions, LegacyCryptoModuleOptions } from './highlevel/crypto/index.ts';
export { PubNub } from './highlevel/pubnub.ts';
export type { PubNubConfig } from './highlevel/config.ts';
export type { RetryPolicy } from './highlevel/retry.ts';
export type { Envelope, CallOptions } from './highlevel/builder.ts';
export type * from './highlevel/builders.ts';
export type { FileInput } from './highlevel/file-input.ts';
export type { Progress, SendFilePhase, DownloadFilePhase } from './highlevel/progress.ts';
export type { SendFileParams, SendFileResult } from './highlevel/operations/send-file.ts';
export type { ListFilesParams, ListFilesResult, FileInfo } from './highlevel/operations/list-files.ts';
export type { IterateFilesParams } from './highlevel/operations/iterate-files.ts';
export type { GetFileUrlParams, GetFileUrlResult } from './highlevel/operations/get-file-url.ts';
export type { DownloadFileParams, DownloadFileResult } from './highlevel/operations/download-file.ts';
export type { DeleteFileParams, DeleteFileResult } from './highlevel/operations/delete-file.ts';
export type {
  PublishFileMessageParams,
  PublishFileMessageResult,
} from './highlevel/operations/publish-file-message.ts';
export type {
  FetchFileMessagesParams,
  FetchFileMessagesResult,
  StoredFileMessage,
} from './highlevel/operations/fetch-file-messages.ts';
export type { FileEvent, FileEventFile } from './highlevel/subscribe/file-event.ts';
export type { SubscriptionStatus } from './highlevel/subscribe/poll-loop.ts';
export type { Listener, SubscribeParams } from './highlevel/subscribe/listeners.ts';
export type { SubscribeBuilder } from './highlevel/subscribe/on-demand.ts';
export type { FileEventsOptions, FileEventStream } from './highlevel/subscribe/file-events.ts';
