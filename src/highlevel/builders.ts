// The builder of each method, by the names users know (`pubnub.sendFile()` returns a `SendFileBuilder`): one setter
// per documented parameter, derived from the table of operations.
import type { Builder } from './builder.ts';
import type { OperationName, ParamsOf, ResultOf, SettersOf } from './operations/index.ts';

/** The builder `pubnub[name]()` returns. */
export type BuilderOf<N extends OperationName> = Builder<ParamsOf<N>, ResultOf<N>, SettersOf<N>>;

export type SendFileBuilder = BuilderOf<'sendFile'>;
export type ListFilesBuilder = BuilderOf<'listFiles'>;
export type GetFileUrlBuilder = BuilderOf<'getFileUrl'>;
export type DownloadFileBuilder = BuilderOf<'downloadFile'>;
export type DeleteFileBuilder = BuilderOf<'deleteFile'>;
export type PublishFileMessageBuilder = BuilderOf<'publishFileMessage'>;

// Each operation has its builder's name above: a new operation without one fails to compile here.
type Named = {
  sendFile: SendFileBuilder;
  listFiles: ListFilesBuilder;
  getFileUrl: GetFileUrlBuilder;
  downloadFile: DownloadFileBuilder;
  deleteFile: DeleteFileBuilder;
  publishFileMessage: PublishFileMessageBuilder;
};
type EveryOperationNamed = [OperationName] extends [keyof Named] ? true : never;
export const everyOperationNamed: EveryOperationNamed = true;
