// The file message as sendFile and publishFileMessage send it: checks, the encrypted or plain path segment, and one
// publish attempt. publishFileMessage itself is imported on first use (`on-demand.ts`); sendFile needs these up front.
import { bytesToBase64 } from '../../lowlevel/platform.ts';
import type { Context } from '../context.ts';
import type { CryptoModule } from '../crypto/index.ts';
import type { Operation } from '../errors.ts';
import { bodyStatus, isPublishRefusal, responseFailure } from '../http-errors.ts';
import { attemptRequest } from '../request.ts';
import type { Attempt } from '../retry.ts';
import { checkMessage, checkPublishOptions, type PublishOptions } from '../validation.ts';
import { PubNubError } from '../errors.ts';

const OPERATION = 'PNPublishFileMessageOperation';

/** The caption and delivery options of a file message, shared with sendFile. */
export interface MessageOptions extends PublishOptions {
  /** Any JSON value; `0`, `""`, `false` and `null` are sent, only "not given" is left out. */
  message?: unknown;
}

/** A file message whose inputs are known good. */
export interface FileMessage extends MessageOptions {
  channel: string;
  fileId: string;
  fileName: string;
}

export interface PublishFileMessageResult {
  /** The message's timetoken, a 17-digit string. */
  timestamp: string;
}

/** Everything about a file message that can be checked before a request (publishKey, ttl, meta, …). */
export function checkMessageOptions(operation: Operation, context: Context, options: MessageOptions): void {
  if (context.config.publishKey === undefined) {
    throw PubNubError.validation(
      operation,
      'Missing publishKey: publishing a file message needs the publishKey option of new PubNub().',
    );
  }
  checkPublishOptions(operation, options);
  checkMessage(operation, options.message);
}

/** The `{message}` path segment before percent-encoding: the JSON text, or its encryption as a quoted base64 string. */
export async function messageSegment(fileMessage: FileMessage, crypto: CryptoModule | undefined): Promise<string> {
  const { message, fileId, fileName } = fileMessage;
  const text = JSON.stringify({ ...(message === undefined ? {} : { message }), file: { id: fileId, name: fileName } });
  return crypto === undefined ? text : JSON.stringify(bytesToBase64(await crypto.encrypt(text)));
}

/** One publish attempt; never throws. */
export async function publishOnce(
  context: Context,
  fileMessage: FileMessage,
  segment: string,
  signal: AbortSignal | undefined,
): Promise<Attempt<PublishFileMessageResult>> {
  const { channel, shouldStore, ttl, meta, customMessageType } = fileMessage;
  const { config, client } = context;
  const attempt = await attemptRequest(
    { operation: OPERATION, timeoutMs: config.requestTimeout, signal },
    (requestSignal) =>
      client.GET('/v1/files/publish-file/{pub_key}/{sub_key}/0/{channel}/0/{message}', {
        params: {
          path: { pub_key: config.publishKey ?? '', sub_key: config.subscribeKey, channel, message: segment },
          query: {
            store: shouldStore === false ? 0 : 1,
            ...(ttl === undefined ? {} : { ttl }),
            ...(meta === undefined ? {} : { meta: JSON.stringify(meta) }),
            ...(customMessageType === undefined ? {} : { custom_message_type: customMessageType }),
          },
        },
        // JSON text served as text/javascript: read as text, parsed here.
        parseAs: 'text',
        signal: requestSignal,
      }),
  );
  if (!attempt.ok) return attempt;
  const { data, response } = attempt.value;
  const answer = parseJson(data);
  // Read as text, the answer escapes attemptRequest's check of JSON bodies: a files-service error on HTTP 200 (A1).
  if (isPublishRefusal(answer) || bodyStatus(answer) !== undefined) return responseFailure(OPERATION, response, answer);
  const timetoken = Array.isArray(answer) ? answer[2] : undefined;
  if (typeof timetoken !== 'string') {
    return {
      ok: false,
      error: PubNubError.malformed(OPERATION, 'the answer has no timetoken', response.status),
      retryable: false,
    };
  }
  return { ok: true, value: { timestamp: timetoken } };
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
