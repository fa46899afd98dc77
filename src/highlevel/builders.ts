// One builder per documented method, one setter per documented parameter (Python's snake_case in camelCase).
import { RequestBuilder } from './builder.ts';
import type { FileInput } from './file-input.ts';
import type { DeleteFileParams, DeleteFileResult } from './operations/delete-file.ts';
import type { DownloadFileParams, DownloadFileResult } from './operations/download-file.ts';
import type { GetFileUrlParams, GetFileUrlResult } from './operations/get-file-url.ts';
import type { ListFilesParams, ListFilesResult } from './operations/list-files.ts';
import type { PublishFileMessageParams, PublishFileMessageResult } from './operations/publish-file-message.ts';
import type { SendFileParams, SendFileResult } from './operations/send-file.ts';

export class SendFileBuilder extends RequestBuilder<SendFileParams, SendFileResult> {
  channel(channel: string): this {
    return this.set('channel', channel);
  }
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

export class ListFilesBuilder extends RequestBuilder<ListFilesParams, ListFilesResult> {
  channel(channel: string): this {
    return this.set('channel', channel);
  }
  limit(limit: number): this {
    return this.set('limit', limit);
  }
  next(next: string): this {
    return this.set('next', next);
  }
}

export class GetFileUrlBuilder extends RequestBuilder<GetFileUrlParams, GetFileUrlResult> {
  channel(channel: string): this {
    return this.set('channel', channel);
  }
  fileId(fileId: string): this {
    return this.set('fileId', fileId);
  }
  fileName(fileName: string): this {
    return this.set('fileName', fileName);
  }
}

export class DownloadFileBuilder extends RequestBuilder<DownloadFileParams, DownloadFileResult> {
  channel(channel: string): this {
    return this.set('channel', channel);
  }
  fileId(fileId: string): this {
    return this.set('fileId', fileId);
  }
  fileName(fileName: string): this {
    return this.set('fileName', fileName);
  }
  cipherKey(cipherKey: string): this {
    return this.set('cipherKey', cipherKey);
  }
}

export class DeleteFileBuilder extends RequestBuilder<DeleteFileParams, DeleteFileResult> {
  channel(channel: string): this {
    return this.set('channel', channel);
  }
  fileId(fileId: string): this {
    return this.set('fileId', fileId);
  }
  fileName(fileName: string): this {
    return this.set('fileName', fileName);
  }
}

export class PublishFileMessageBuilder extends RequestBuilder<PublishFileMessageParams, PublishFileMessageResult> {
  channel(channel: string): this {
    return this.set('channel', channel);
  }
  fileId(fileId: string): this {
    return this.set('fileId', fileId);
  }
  fileName(fileName: string): this {
    return this.set('fileName', fileName);
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
}
