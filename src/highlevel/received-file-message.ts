// A file message as it comes back from the service, in a subscribe item (type 4) or from history: read for the caller
// (decrypted with the configured crypto module when it arrives as a base64 string) and with the file's URL built by
// getFileUrl, so it carries auth and a signature exactly like the URLs getFileUrl returns.
import { base64ToBytes } from '../lowlevel/platform.ts';
import type { Context } from './context.ts';
import type { CryptoModule } from './crypto/index.ts';
import { PubNubError, type Operation, type StatusCategory, thrownText } from './errors.ts';
import { getFileUrl } from './operations/get-file-url.ts';

export interface FileEventFile {
  id: string;
  name: string;
  /** The file's URL, as `getFileUrl` builds it: it redirects to the bytes. */
  url: string;
}

/** What a received file message reads as: its caption and file, or why neither can be read. */
export type ReadFileMessage =
  | { message: unknown; file: FileEventFile; error?: undefined }
  | { message: undefined; file: undefined; error: PubNubError };

/**
 * Reads the payload of a file message received on `channel` (a subscribe item's `d`, a stored message's `message`).
 * Failures are values: `error` is a PubNubError of `operation` whose message starts with `what` ("File event").
 */
export async function readReceivedFileMessage(
  context: Context,
  channel: string,
  payload: unknown,
  failureOf: { operation: Operation; what: string },
): Promise<ReadFileMessage> {
  const failure = (category: StatusCategory, reason: string): { error: PubNubError } => ({
    error: new PubNubError(`${failureOf.what} unreadable: ${reason}.`, { category, operation: failureOf.operation }),
  });
  // Never throws: any sender shapes these messages, so whatever is wrong with one stays with it.
  try {
    const read = await readFileMessage(context.crypto, payload, failure);
    if ('error' in read) return { message: undefined, file: undefined, error: read.error };
    const { id, name } = read.file;
    const { fileUrl } = await getFileUrl(context, { channel, fileId: id, fileName: name });
    return { message: read.message, file: { id, name, url: fileUrl } };
  } catch (thrown) {
    // A name such as "..", or one with an unpaired surrogate, that no URL can carry; or a fault of this code.
    const { error } =
      thrown instanceof PubNubError
        ? failure('PNMalformedResponseCategory', `no file URL can be built for it (${thrown.message})`)
        : failure('PNUnknownCategory', `unexpected failure (${thrownText(thrown)})`);
    return { message: undefined, file: undefined, error };
  }
}

type Failure = (category: StatusCategory, reason: string) => { error: PubNubError };

type ReadMessage = { message: unknown; file: { id: string; name: string } } | { error: PubNubError };

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readFileMessage(
  crypto: CryptoModule | undefined,
  payload: unknown,
  failure: Failure,
): Promise<ReadMessage> {
  if (typeof payload !== 'string') return asFileMessage(payload, 'PNMalformedResponseCategory', failure);
  if (crypto === undefined) {
    return failure(
      'PNDecryptionErrorCategory',
      'the file message is encrypted but this client has no cipherKey or cryptoModule; configure the key the sender used',
    );
  }
  const bytes = base64ToBytes(payload);
  if (bytes === undefined)
    return failure('PNDecryptionErrorCategory', 'the encrypted file message is not valid base64');
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(await crypto.decrypt(bytes)));
  } catch (thrown) {
    // A wrong key sometimes passes the padding check and yields noise, which then fails UTF-8 or JSON: same cause.
    const reason = thrown instanceof PubNubError ? thrown.message : 'the decrypted text is not JSON';
    return failure(
      'PNDecryptionErrorCategory',
      `the file message could not be decrypted (${reason}); check the cipher key or crypto module`,
    );
  }
  return asFileMessage(parsed, 'PNDecryptionErrorCategory', failure);
}

function asFileMessage(value: unknown, category: StatusCategory, failure: Failure): ReadMessage {
  const file = typeof value === 'object' && value !== null ? (value as { file?: unknown }).file : undefined;
  const { id, name } = typeof file === 'object' && file !== null ? (file as { id?: unknown; name?: unknown }) : {};
  if (typeof id !== 'string' || id === '' || typeof name !== 'string' || name === '') {
    return failure(category, 'the file message has no file id and name');
  }
  return { message: (value as { message?: unknown }).message, file: { id, name } };
}
