// The builder of each method, by the names users know (`pubnub.sendFile()` returns a `SendFileBuilder`): one setter
// per documented parameter, derived from the table of operations.
import type { Builder } from './builder.ts';
import type { IterateFilesParams } from './operations/iterate-files.ts';
import type { FileInfo } from './operations/list-files.ts';
import type { OperationName, ParamsOf, ResultOf, SettersOf } from './operations/index.ts';

/** The builder `pubnub[name]()` returns. */
export type BuilderOf<N extends OperationName> = Builder<ParamsOf<N>, ResultOf<N>, SettersOf<N>>;

export type SendFileBuilder = BuilderOf<'sendFile'>;
export type ListFilesBuilder = BuilderOf<'listFiles'>;
export type GetFileUrlBuilder = BuilderOf<'getFileUrl'>;
export type DownloadFileBuilder = BuilderOf<'downloadFile'>;
export type DeleteFileBuilder = BuilderOf<'deleteFile'>;
export type PublishFileMessageBuilder = BuilderOf<'publishFileMessage'>;
export type FetchFileMessagesBuilder = BuilderOf<'fetchFileMessages'>;

/**
 * Not a request but an async iterable: `for await (const file of pubnub.iterateFiles().channel('room').limit(50))`.
 * Each loop over it walks the pages from the first.
 */
export class IterateFilesBuilder implements AsyncIterable<FileInfo> {
  readonly #params: Partial<IterateFilesParams> = {};
  readonly #iterate: (params: Partial<IterateFilesParams>) => AsyncGenerator<FileInfo, void, undefined>;

  constructor(iterate: (params: Partial<IterateFilesParams>) => AsyncGenerator<FileInfo, void, undefined>) {
    this.#iterate = iterate;
  }
  channel(channel: string): this {
    this.#params.channel = channel;
    return this;
  }
  limit(limit: number): this {
    this.#params.limit = limit;
    return this;
  }
  /** Cancels the page request in flight and ends the loop with a `PNCancelledCategory` error. */
  signal(signal: AbortSignal): this {
    this.#params.signal = signal;
    return this;
  }
  [Symbol.asyncIterator](): AsyncGenerator<FileInfo, void, undefined> {
    return this.#iterate({ ...this.#params });
  }
}

// Each operation has its builder's name above: a new operation without one fails to compile here.
type Named = {
  sendFile: SendFileBuilder;
  listFiles: ListFilesBuilder;
  getFileUrl: GetFileUrlBuilder;
  downloadFile: DownloadFileBuilder;
  deleteFile: DeleteFileBuilder;
  publishFileMessage: PublishFileMessageBuilder;
  fetchFileMessages: FetchFileMessagesBuilder;
};
type EveryOperationNamed = [OperationName] extends [keyof Named] ? true : never;
const everyOperationNamed: EveryOperationNamed = true;
void everyOperationNamed;
