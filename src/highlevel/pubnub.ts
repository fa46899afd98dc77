// The SDK's entry point. Every method has two forms over one implementation: without arguments it returns a
// builder (`.future()` / `.result()`), with a params object it returns the result's Promise.
import { guarded, type CallOptions, type Run } from './builder.ts';
import {
  DeleteFileBuilder,
  DownloadFileBuilder,
  GetFileUrlBuilder,
  ListFilesBuilder,
  PublishFileMessageBuilder,
  SendFileBuilder,
} from './builders.ts';
import { resolveConfig, type PubNubConfig } from './config.ts';
import { createContext, type Context } from './context.ts';
import type { Operation } from './errors.ts';
import { onDemand } from './on-demand.ts';
import type { DeleteFileParams, DeleteFileResult } from './operations/delete-file.ts';
import { downloadFile, type DownloadFileParams, type DownloadFileResult } from './operations/download-file.ts';
import type { GetFileUrlParams, GetFileUrlResult } from './operations/get-file-url.ts';
import type { ListFilesParams, ListFilesResult } from './operations/list-files.ts';
import type { PublishFileMessageParams, PublishFileMessageResult } from './operations/publish-file-message.ts';
import { sendFile, type SendFileParams, type SendFileResult } from './operations/send-file.ts';
import type { FileEventsOptions, FileEventStream } from './subscribe/file-events.ts';
import type { Listener, SubscribeParams } from './subscribe/listeners.ts';
import { OnDemandSubscribe, SubscribeBuilder } from './subscribe/on-demand.ts';

/**
 * The PubNub File Sharing client.
 *
 * @example
 * const pubnub = new PubNub({ subscribeKey: 'sub-c-…', publishKey: 'pub-c-…', userId: 'alice' });
 * const { fileId, name } = await pubnub.sendFile({ channel: 'room', fileName: 'map.png', file: blob });
 */
export class PubNub {
  // listFiles, getFileUrl, deleteFile and publishFileMessage are imported on first use (an app that only sends and
  // downloads never fetches them); a failed import fails that call with PNNetworkIssuesCategory, and the next call
  // imports again; one that stalls ends with the call's signal (PNCancelledCategory) or requestTimeout
  // (PNTimeoutCategory).
  static readonly #managing = onDemand(() => import('./operations/on-demand.ts'));
  readonly #context: Context;
  readonly #secrets: readonly string[];
  readonly #subscribe: OnDemandSubscribe;

  /** Throws a `PubNubError` (`PNValidationErrorCategory`) when `subscribeKey` or `userId` is missing. */
  constructor(config: PubNubConfig) {
    const resolved = resolveConfig(config);
    this.#context = createContext(resolved);
    this.#secrets = [resolved.authKey, resolved.secretKey].filter((secret) => secret !== undefined);
    this.#subscribe = new OnDemandSubscribe(this.#context);
  }

  /** Uploads a file and publishes its message: generate upload URL → upload → publish (with retries). */
  sendFile(): SendFileBuilder;
  sendFile(params: SendFileParams): Promise<SendFileResult>;
  sendFile(params?: SendFileParams): SendFileBuilder | Promise<SendFileResult> {
    return this.#entry('PNPublishFileOperation', (p, signal) => sendFile(this.#context, p, signal), SendFileBuilder, params);
  }

  /** One page of a channel's files. */
  listFiles(): ListFilesBuilder;
  listFiles(params: ListFilesParams): Promise<ListFilesResult>;
  listFiles(params?: ListFilesParams): ListFilesBuilder | Promise<ListFilesResult> {
    return this.#entry(
      'PNListFilesOperation',
      async (p, signal) => (await this.#rarelyUsed('PNListFilesOperation', signal)).listFiles(this.#context, p, signal),
      ListFilesBuilder,
      params,
    );
  }

  /** The file's URL, built locally (no request); it redirects to the bytes. */
  getFileUrl(): GetFileUrlBuilder;
  getFileUrl(params: GetFileUrlParams): Promise<GetFileUrlResult>;
  getFileUrl(params?: GetFileUrlParams): GetFileUrlBuilder | Promise<GetFileUrlResult> {
    return this.#entry(
      'PNGetFileUrlOperation',
      async (p, signal) => (await this.#rarelyUsed('PNGetFileUrlOperation', signal)).getFileUrl(this.#context, p),
      GetFileUrlBuilder,
      params,
    );
  }

  /** The file's bytes, decrypted when a crypto module applies. */
  downloadFile(): DownloadFileBuilder;
  downloadFile(params: DownloadFileParams): Promise<DownloadFileResult>;
  downloadFile(params?: DownloadFileParams): DownloadFileBuilder | Promise<DownloadFileResult> {
    return this.#entry('PNDownloadFileOperation', (p, signal) => downloadFile(this.#context, p, signal), DownloadFileBuilder, params);
  }

  deleteFile(): DeleteFileBuilder;
  deleteFile(params: DeleteFileParams): Promise<DeleteFileResult>;
  deleteFile(params?: DeleteFileParams): DeleteFileBuilder | Promise<DeleteFileResult> {
    return this.#entry(
      'PNDeleteFileOperation',
      async (p, signal) => (await this.#rarelyUsed('PNDeleteFileOperation', signal)).deleteFile(this.#context, p, signal),
      DeleteFileBuilder,
      params,
    );
  }

  /** Announces an uploaded file; finishes a sendFile whose publish step failed. */
  publishFileMessage(): PublishFileMessageBuilder;
  publishFileMessage(params: PublishFileMessageParams): Promise<PublishFileMessageResult>;
  publishFileMessage(params?: PublishFileMessageParams): PublishFileMessageBuilder | Promise<PublishFileMessageResult> {
    return this.#entry(
      'PNPublishFileMessageOperation',
      async (p, signal) =>
        (await this.#rarelyUsed('PNPublishFileMessageOperation', signal)).publishFileMessage(this.#context, p, signal),
      PublishFileMessageBuilder,
      params,
    );
  }

  /** Receives file events (`file`) and subscription statuses (`status`) of the channels given to `subscribe`. */
  addListener(listener: Listener): void {
    this.#subscribe.addListener(listener);
  }

  removeListener(listener: Listener): void {
    this.#subscribe.removeListener(listener);
  }

  /**
   * Starts (or widens) the long poll that delivers file events to the listeners. Throws a validation `PubNubError`
   * on an empty channel list. A `status` listener hears `PNConnectedCategory` once the subscription is live.
   */
  subscribe(): SubscribeBuilder;
  subscribe(params: SubscribeParams): void;
  subscribe(params?: SubscribeParams): SubscribeBuilder | void {
    if (params === undefined) return new SubscribeBuilder((p) => this.#subscribe.subscribe(p));
    this.#subscribe.subscribe(params);
  }

  unsubscribe(params: SubscribeParams): void {
    this.#subscribe.unsubscribe(params);
  }

  /** Stops the long poll at once (the held request is aborted); listeners hear `PNDisconnectedCategory`. */
  unsubscribeAll(): void {
    this.#subscribe.unsubscribeAll();
  }

  /**
   * File events of `channels` as an async iterator, independent of the listeners; ends when `signal` aborts or the
   * loop is left. Await `.connected` before sharing a file you expect to see.
   *
   * @example
   * for await (const event of pubnub.fileEvents(['room'], { signal })) console.log(event.file?.name, event.message);
   */
  fileEvents(channels: string[], options?: FileEventsOptions): FileEventStream {
    return this.#subscribe.fileEvents(channels, options);
  }

  #entry<P extends CallOptions, R, B>(
    operation: Operation,
    run: Run<P, R>,
    Builder: new (operation: Operation, run: Run<P, R>) => B,
    params: P | undefined,
  ): B | Promise<R> {
    const safe = guarded(operation, run, this.#secrets);
    // `null` or a number from plain JavaScript is refused by `safe`, as a rejected promise.
    return params === undefined ? new Builder(operation, safe) : safe(params, (params as Partial<P> | null)?.signal);
  }

  /** The on-demand operations' code; a stalled load is given up on the caller's signal or after requestTimeout. */
  #rarelyUsed(operation: Operation, signal: AbortSignal | undefined) {
    return PubNub.#managing(operation, signal, this.#context.config.requestTimeout);
  }
}
