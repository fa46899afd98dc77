// publishFileMessage: announce an already uploaded file on its channel. sendFile's last step, and the way to
// finish a sendFile whose publish failed, without uploading again. Imported on first use, with listFiles, getFileUrl and
// deleteFile (`on-demand.ts`); the parts sendFile shares are in `file-message.ts`.
import type { CallOptions } from '../builder.ts';
import { cryptoFor, type Context } from '../context.ts';
import { unwrap } from '../request.ts';
import { requirePathSegment, requireString } from '../validation.ts';
import {
  checkMessageOptions,
  messageSegment,
  publishOnce,
  type FileMessage,
  type MessageOptions,
  type PublishFileMessageResult,
} from './file-message.ts';

export type { PublishFileMessageResult };

const OPERATION = 'PNPublishFileMessageOperation';

export interface PublishFileMessageParams extends MessageOptions, CallOptions {
  channel: string;
  fileId: string;
  fileName: string;
  /**
   * Encrypts the message with the legacy module of this key instead of the configured one: give the key a sendFile
   * used when finishing it after its publish failed.
   */
  cipherKey?: string;
}

export async function publishFileMessage(
  context: Context,
  params: Partial<PublishFileMessageParams>,
  signal: AbortSignal | undefined,
): Promise<PublishFileMessageResult> {
  checkMessageOptions(OPERATION, context, params);
  if (params.cipherKey !== undefined) requireString(OPERATION, 'cipherKey', params.cipherKey);
  const fileMessage: FileMessage = {
    ...params,
    channel: requirePathSegment(OPERATION, 'channel', params.channel),
    fileId: requirePathSegment(OPERATION, 'fileId', params.fileId),
    fileName: requirePathSegment(OPERATION, 'fileName', params.fileName),
  };
  const segment = await messageSegment(fileMessage, cryptoFor(context, params.cipherKey));
  return unwrap(await publishOnce(context, fileMessage, segment, signal));
}
