// fetchFileMessages: the file messages stored in a channel's history (docs/protocol.md A2.8), each read as a file
// event is (decrypted, with its URL), oldest first, with the cursor for the page before.
import type { components } from '../../generated/pubnub-files.ts';
import type { CallOptions } from '../builder.ts';
import type { Context } from '../context.ts';
import { readReceivedFileMessage, type ReadFileMessage } from '../received-file-message.ts';
import { requestWithRetry, unwrap } from '../request.ts';
import { requirePathSegment } from '../validation.ts';
import { PubNubError } from '../errors.ts';

const OPERATION = 'PNFetchMessagesOperation';

/** History's message type for a file message. */
const FILE_MESSAGE_TYPE = 4;
/** The service's ceiling for one channel, and the default. */
const MAX_COUNT = 100;

export interface FetchFileMessagesParams extends CallOptions {
  channel: string;
  /** Stored messages to look at, 1 to 100 (default 100): the file messages among them come back. */
  count?: number;
  /** Only messages older than this timetoken: pass a result's `next` to page back. */
  start?: string;
  /** Only messages at or after this timetoken. */
  end?: string;
}

interface StoredFileMessageBase {
  channel: string;
  /** The file message's timetoken, a 17-digit string. */
  timetoken: string;
  /** The sender's user id. */
  publisher: string | undefined;
  /** The `meta` given at publish. */
  meta: Record<string, unknown> | undefined;
  customMessageType: string | undefined;
}

/**
 * A stored file message, read as a file event is: when it cannot be read (wrong cipher key, none configured for an
 * encrypted message, a malformed payload) it carries `error`, and `message` and `file` are undefined.
 */
export type StoredFileMessage = StoredFileMessageBase & ReadFileMessage;

export interface FetchFileMessagesResult {
  /** Oldest first. */
  messages: StoredFileMessage[];
  /**
   * Pass it as `start` to read the page before this one; null when this page holds the oldest stored message. A page
   * can hold fewer than `count` file messages and still have a `next`: `count` also counts other stored messages.
   */
  next: string | null;
}

const TIMETOKEN = /^[0-9]{1,19}$/;

type StoredItem = components['schemas']['StoredMessage'];

export async function fetchFileMessages(
  context: Context,
  params: Partial<FetchFileMessagesParams>,
  signal: AbortSignal | undefined,
): Promise<FetchFileMessagesResult> {
  const channel = requirePathSegment(OPERATION, 'channel', params.channel);
  const { count = MAX_COUNT, start, end } = params;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw PubNubError.validation(
      OPERATION,
      `Invalid count: expected a whole number from 1 to ${MAX_COUNT}, got ${String(count)}.`,
    );
  }
  for (const [name, value] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || !TIMETOKEN.test(value))) {
      throw PubNubError.validation(
        OPERATION,
        `Invalid ${name}: expected a timetoken (a string of up to 19 digits), got ${String(value)}.`,
      );
    }
  }

  const { config, client } = context;
  const { data, response } = unwrap(
    await requestWithRetry(
      { operation: OPERATION, timeoutMs: config.requestTimeout, signal, policy: config.retryPolicy },
      (requestSignal) =>
        client.GET('/v3/history/sub-key/{sub_key}/channel/{channels}', {
          params: {
            path: { sub_key: config.subscribeKey, channels: channel },
            query: {
              max: count,
              ...(start === undefined ? {} : { start }),
              ...(end === undefined ? {} : { end }),
              include_meta: 'true',
              include_message_type: 'true',
              include_uuid: 'true',
              include_custom_message_type: 'true',
            },
          },
          signal: requestSignal,
        }),
    ),
  );

  const channels: unknown = data?.channels;
  // A proxy's JSON is not an empty history: the service always sends `channels`, leaving out those with nothing stored.
  if (!isRecord(channels)) throw PubNubError.malformed(OPERATION, 'the answer has no channels object', response.status);
  const stored: unknown = Object.hasOwn(channels, channel) ? channels[channel] : [];
  if (!Array.isArray(stored) || !stored.every((item: StoredItem | null) => typeof item?.timetoken === 'string')) {
    throw PubNubError.malformed(
      OPERATION,
      'the answer has no list of messages with timetokens for the channel',
      response.status,
    );
  }
  const messages: StoredFileMessage[] = [];
  for (const item of stored as StoredItem[]) {
    if (item.message_type !== FILE_MESSAGE_TYPE) continue;
    const base: StoredFileMessageBase = {
      channel,
      timetoken: item.timetoken,
      publisher: item.uuid,
      meta: isRecord(item.meta) ? item.meta : undefined,
      customMessageType: item.custom_message_type,
    };
    const read = await readReceivedFileMessage(context, channel, item.message, {
      operation: OPERATION,
      what: 'Stored file message',
    });
    messages.push({ ...base, ...read });
  }
  return { messages, next: stored.length === count ? stored[0]!.timetoken : null };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
