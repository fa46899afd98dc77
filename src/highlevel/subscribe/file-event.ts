// A subscribe item of type 4 as the SDK hands it out: the file message read (decrypted with the configured crypto
// module when it arrives as a base64 string) and the file's URL built by getFileUrl, so it carries auth and a
// signature exactly like the URLs getFileUrl returns.
import type { components } from '../../generated/pubnub-files.ts';
import { base64ToBytes } from '../../lowlevel/base64.ts';
import type { Context } from '../context.ts';
import type { CryptoModule } from '../crypto/index.ts';
import { PubNubError, type StatusCategory } from '../errors.ts';
import { getFileUrl } from '../operations/get-file-url.ts';

export type SubscribeItem = components['schemas']['SubscribeMessage'];

/** The item type (`e`) of a file message. */
export const FILE_EVENT_TYPE = 4;

export interface FileEventFile {
  id: string;
  name: string;
  /** The file's URL, as `getFileUrl` builds it: it redirects to the bytes. */
  url: string;
}

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
export type FileEvent = FileEventBase &
  ({ message: unknown; file: FileEventFile; error?: undefined } | { message: undefined; file: undefined; error: PubNubError });

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
  const unreadable = (category: StatusCategory, reason: string): FileEvent => ({
    ...base,
    message: undefined,
    file: undefined,
    error: failure(category, reason).error,
  });
  try {
    if (typeof base.channel !== 'string' || typeof base.timetoken !== 'string') {
      return unreadable('PNMalformedResponseCategory', 'the item lacks its channel or timetoken');
    }
    const read = await readFileMessage(context.crypto, item.d);
    if ('error' in read) return { ...base, message: undefined, file: undefined, error: read.error };
    const { id, name } = read.file;
    const { fileUrl } = await getFileUrl(context, { channel: item.c, fileId: id, fileName: name });
    return { ...base, message: read.message, file: { id, name, url: fileUrl } };
  } catch (thrown) {
    // A name such as "..", or one with an unpaired surrogate, that no URL can carry; or a fault of this code.
    if (thrown instanceof PubNubError) return unreadable('PNMalformedResponseCategory', `no file URL can be built for it (${thrown.message})`);
    return unreadable('PNUnknownCategory', `unexpected failure (${thrown instanceof Error ? thrown.message : String(thrown)})`);
  }
}

type ReadMessage = { message: unknown; file: { id: string; name: string } } | { error: PubNubError };

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readFileMessage(crypto: CryptoModule | undefined, payload: unknown): Promise<ReadMessage> {
  if (typeof payload !== 'string') return asFileMessage(payload, 'PNMalformedResponseCategory');
  if (crypto === undefined) {
    return failure(
      'PNDecryptionErrorCategory',
      'the file message is encrypted but this client has no cipherKey or cryptoModule; configure the key the sender used',
    );
  }
  const bytes = base64ToBytes(payload);
  if (bytes === undefined) return failure('PNDecryptionErrorCategory', 'the encrypted file message is not valid base64');
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(await crypto.decrypt(bytes)));
  } catch (thrown) {
    // A wrong key sometimes passes the padding check and yields noise, which then fails UTF-8 or JSON: same cause.
    const reason = thrown instanceof PubNubError ? thrown.message : 'the decrypted text is not JSON';
    return failure('PNDecryptionErrorCategory', `the file message could not be decrypted (${reason}); check the cipher key or crypto module`);
  }
  return asFileMessage(parsed, 'PNDecryptionErrorCategory');
}

function asFileMessage(value: unknown, category: StatusCategory): ReadMessage {
  const file = typeof value === 'object' && value !== null ? (value as { file?: unknown }).file : undefined;
  const { id, name } = typeof file === 'object' && file !== null ? (file as { id?: unknown; name?: unknown }) : {};
  if (typeof id !== 'string' || id === '' || typeof name !== 'string' || name === '') {
    return failure(category, 'the file message has no file id and name');
  }
  return { message: (value as { message?: unknown }).message, file: { id, name } };
}

function failure(category: StatusCategory, reason: string): { error: PubNubError } {
  return { error: new PubNubError(`File event unreadable: ${reason}.`, { category, operation: 'PNSubscribeOperation' }) };
}
