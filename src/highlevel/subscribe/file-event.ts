// A subscribe item of type 4 as the SDK hands it out: the envelope's fields, and the file message read as every
// received file message is (received-file-message.ts).
import type { components } from '../../generated/pubnub-files.ts';
import type { Context } from '../context.ts';
import { PubNubError } from '../errors.ts';
import { readReceivedFileMessage, type ReadFileMessage } from '../received-file-message.ts';

export type { FileEventFile } from '../received-file-message.ts';

export type SubscribeItem = components['schemas']['SubscribeMessage'];

/** The item type (`e`) of a file message. */
export const FILE_EVENT_TYPE = 4;

interface FileEventBase {
  channel: string;
  /** The subscription that matched: a wildcard or channel group when one did, else the channel itself. */
  subscription: string;
  /** The file message's timetoken, a 17-digit string. */
  timetoken: string;
  /** The sender's user id. */
  publisher: string | undefined;
  /** The `meta` given at publish. */
  userMetadata: Record<string, unknown> | undefined;
  customMessageType: string | undefined;
}

/**
 * A file shared on a subscribed channel. When the file message could not be read (wrong cipher key, no crypto
 * configured for an encrypted message, or a malformed payload) the event carries `error` instead, and `message` and
 * `file` are undefined: the whole file message is what is encrypted, so nothing of it can be read. The same holds for
 * a file named `.` or `..`, for which no URL can be built.
 */
export type FileEvent = FileEventBase & ReadFileMessage;

/**
 * Never throws: anyone with the publish key shapes these items, so whatever is wrong with one (no timetoken, a name no
 * URL can carry, a crypto module that throws) stays with its event and the loop goes on.
 */
export async function toFileEvent(context: Context, item: SubscribeItem): Promise<FileEvent> {
  const base: FileEventBase = {
    channel: item.c,
    subscription: item.b ?? item.c,
    // Read with care: `p` is the one part the loop does not check before handing the item over.
    timetoken: item.p?.t,
    publisher: item.i,
    userMetadata: item.u,
    customMessageType: item.cmt,
  };
  if (typeof base.channel !== 'string' || typeof base.timetoken !== 'string') {
    const error = new PubNubError('File event unreadable: the item lacks its channel or timetoken.', {
      category: 'PNMalformedResponseCategory',
      operation: 'PNSubscribeOperation',
    });
    return { ...base, message: undefined, file: undefined, error };
  }
  const read = await readReceivedFileMessage(context, item.c, item.d, {
    operation: 'PNSubscribeOperation',
    what: 'File event',
  });
  return { ...base, ...read };
}
