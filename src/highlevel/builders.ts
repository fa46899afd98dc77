// One builder per documented method, one setter per documented parameter (Python's snake_case in camelCase).
import { RequestBuilder } from './builder.ts';
import type { FileInput } from './file-input.ts';
import type { DeleteFileParams, DeleteFileResult } from './operations/delete-file.ts';
import type { DownloadFileParams, DownloadFileResult } from './operations/download-file.ts';
import type { FetchFileMessagesParams, FetchFileMessagesResult } from './operations/fetch-file-messages.ts';
import type { GetFileUrlParams, GetFileUrlResult } from './operations/get-file-url.ts';
import type { ListFilesParams, ListFilesResult } from './operations/list-files.ts';
import type { PublishFileMessageParams, PublishFileMessageResult } from './operations/publish-file-message.ts';
import type { SendFileParams, SendFileResult } from './operations/send-file.ts';

/** The setter every call has: the channel. */
abstract class ChannelBuilder<P extends { channel: string }, R> extends RequestBuilder<P, R> {
  channel(channel: string): this {
    return this.set('channel', channel as P['channel']);
  }
}

interface StoredFileRef {
  channel: string;
  fileId: string;
  fileName: string;
}

/** The setters of the calls about one stored file: its channel, id and the name the server stored. */
abstract class StoredFileBuilder<P extends StoredFileRef, R> extends ChannelBuilder<P, R> {
  fileId(fileId: string): this {
    return this.set('fileId', fileId as P['fileId']);
  }
  fileName(fileName: string): this {
    return this.set('fileName', fileName as P['fileName']);
  }
}

export class SendFileBuilder extends ChannelBuilder<SendFileParams, SendFileResult> {
  fileName(fileName: string): this {
    return this.set('fileName', fileName);
  }
  /** The file: Uint8Array, ArrayBuffer, Blob/File, ReadableStream, Node Readable or string. */
  fileObject(file: FileInput): this {
    return this.set('file', file);
  }
  message(message: unknown): this {
    return this.set('message', message);
  }
  meta(meta: Record<string, unknown>): this {
    return this.set('meta', meta);
  }
  shouldStore(shouldStore: boolean): this {
    return this.set('shouldStore', shouldStore);
  }
  ttl(hours: number): this {
    return this.set('ttl', hours);
  }
  customMessageType(customMessageType: string): this {
    return this.set('customMessageType', customMessageType);
  }
  cipherKey(cipherKey: string): this {
    return this.set('cipherKey', cipherKey);
  }
}

export class ListFilesBuilder extends ChannelBuilder<ListFilesParams, ListFilesResult> {
  limit(limit: number): this {
    return this.set('limit', limit);
  }
  next(next: string): this {
    return this.set('next', next);
  }
}

export class GetFileUrlBuilder extends StoredFileBuilder<GetFileUrlParams, GetFileUrlResult> {}

export class DownloadFileBuilder extends StoredFileBuilder<DownloadFileParams, DownloadFileResult> {
  cipherKey(cipherKey: string): this {
    return this.set('cipherKey', cipherKey);
  }
}

export class DeleteFileBuilder extends StoredFileBuilder<DeleteFileParams, DeleteFileResult> {}

export class PublishFileMessageBuilder extends StoredFileBuilder<PublishFileMessageParams, PublishFileMessageResult> {
  message(message: unknown): this {
    return this.set('message', message);
  }
  meta(meta: Record<string, unknown>): this {
    return this.set('meta', meta);
  }
  shouldStore(shouldStore: boolean): this {
    return this.set('shouldStore', shouldStore);
  }
  ttl(hours: number): this {
    return this.set('ttl', hours);
  }
  customMessageType(customMessageType: string): this {
    return this.set('customMessageType', customMessageType);
  }
  /** Encrypts the message with the legacy module of this key (finishing a sendFile that used one). */
  cipherKey(cipherKey: string): this {
    return this.set('cipherKey', cipherKey);
  }
}

export class FetchFileMessagesBuilder extends ChannelBuilder<FetchFileMessagesParams, FetchFileMessagesResult> {
  count(count: number): this {
    return this.set('count', count);
  }
  start(timetoken: string): this {
    return this.set('start', timetoken);
  }
  end(timetoken: string): this {
    return this.set('end', timetoken);
  }
}
