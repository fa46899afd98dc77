// sendFile: the three steps of PROTOCOL.md A2 — get an upload form, upload to storage, publish the file
// message — after every check that can be made without the network.
import { createUploadForm, type FormField } from '../../lowlevel/index.ts';
import type { CallOptions } from '../builder.ts';
import { cryptoFor, type Context } from '../context.ts';
import type { CryptoModule } from '../crypto/index.ts';
import { PubNubError } from '../errors.ts';
import { isFileInput, knownSize, loadFile, type FileInput } from '../file-input.ts';
import { cancelled, malformed } from '../http-errors.ts';
import { attemptRequest, unwrap } from '../request.ts';
import { withRetry, type Attempt } from '../retry.ts';
import { requirePathSegment, requireString, validationError } from '../validation.ts';
import {
  checkMessageOptions,
  messageSegment,
  publishOnce,
  type FileMessage,
  type MessageOptions,
} from './file-message.ts';

const OPERATION = 'PNPublishFileOperation';

/** Storage refuses more stored bytes than this (after encryption). */
export const MAX_STORED_FILE_SIZE = 5_242_880;

interface SendFileOptions extends MessageOptions, CallOptions {
  channel: string;
  /** Encrypts this file and its message with the legacy module of this key instead of the configured one. */
  cipherKey?: string;
}

/** `fileName` may be left out only for a `File`, the one input that carries a name (then used). */
export type SendFileParams = SendFileOptions &
  (
    | { file: File; /** Sent as given; the File's own name when left out. */ fileName?: string }
    | { file: FileInput; /** Sent as given. */ fileName: string }
  );

export interface SendFileResult {
  /** The name as the server stored it: use it for download, get URL and delete. */
  name: string;
  fileId: string;
  /** The file message's timetoken, a 17-digit string. */
  timestamp: string;
}

interface StoredFile {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string | undefined;
}

interface FileRef {
  id: string;
  name: string;
}

export async function sendFile(
  context: Context,
  params: Partial<SendFileParams>,
  signal: AbortSignal | undefined,
): Promise<SendFileResult> {
  const channel = requirePathSegment(OPERATION, 'channel', params.channel);
  const fileName = requirePathSegment(OPERATION, 'fileName', params.fileName ?? nameOfFile(params.file));
  if (!isFileInput(params.file)) {
    throw validationError(
      OPERATION,
      'Missing or unsupported file: expected a Uint8Array, ArrayBuffer, Blob/File, ReadableStream, Node Readable or string.',
    );
  }
  if (params.cipherKey !== undefined) requireString(OPERATION, 'cipherKey', params.cipherKey);
  checkMessageOptions(OPERATION, context, params);
  const crypto = cryptoFor(context, params.cipherKey);

  const file = await prepareFile(params.file, crypto);
  const stored = await uploadFile(context, channel, fileName, file, signal);
  return publishWithRetries(context, { ...params, channel, fileId: stored.id, fileName: stored.name }, crypto, signal);
}

function nameOfFile(file: unknown): string | undefined {
  return typeof File !== 'undefined' && file instanceof File ? file.name : undefined;
}

/** Reads and encrypts the file, refusing it when the bytes to store would exceed the storage limit. */
async function prepareFile(input: FileInput, crypto: CryptoModule | undefined): Promise<StoredFile> {
  const stored = (plainSize: number): number => crypto?.encryptedFileSize(plainSize) ?? plainSize;
  const size = knownSize(input);
  if (size !== undefined && stored(size) > MAX_STORED_FILE_SIZE) throw tooLarge(size, stored(size));
  const loaded = await loadFile(input, MAX_STORED_FILE_SIZE);
  // A stream stops being read past the limit: what it gave so far is already too much.
  if ('tooLarge' in loaded) throw tooLarge(loaded.readSoFar, stored(loaded.readSoFar), 'at least ');
  const { bytes } = loaded;
  if (stored(bytes.byteLength) > MAX_STORED_FILE_SIZE) throw tooLarge(bytes.byteLength, stored(bytes.byteLength));
  if (crypto === undefined) return loaded;
  // The stored bytes are ciphertext: the file's own media type would describe them wrongly.
  return { bytes: await crypto.encryptFile(bytes), contentType: undefined };
}

function tooLarge(plainSize: number, storedSize: number, atLeast = ''): PubNubError {
  const encrypted = storedSize === plainSize ? '' : ` (${atLeast}${formatBytes(plainSize)} before encryption)`;
  return validationError(
    OPERATION,
    `File too large: it would be stored as ${atLeast}${formatBytes(storedSize)}${encrypted}; ` +
      `storage accepts at most ${formatBytes(MAX_STORED_FILE_SIZE)}.`,
  );
}

function formatBytes(size: number): string {
  return `${size.toLocaleString('en-US')} bytes`;
}

/**
 * Steps 1 and 2. An upload form is good for one upload (its fields expire), so a retried upload always asks for
 * a fresh one (PROTOCOL.md B7); a failure to get the form is not retried, as that POST reserves a file id.
 */
async function uploadFile(
  context: Context,
  channel: string,
  fileName: string,
  file: StoredFile,
  signal: AbortSignal | undefined,
): Promise<FileRef> {
  const policy = context.config.retryPolicy;
  const outcome = await withRetry(
    policy,
    policy.maxAttempts,
    () => generateAndUpload(context, channel, fileName, file, signal),
    signal,
    () => failed(cancelled('PNUploadFileOperation', signal)),
  );
  return unwrap(outcome);
}

async function generateAndUpload(
  context: Context,
  channel: string,
  fileName: string,
  file: StoredFile,
  signal: AbortSignal | undefined,
): Promise<Attempt<FileRef>> {
  const form = await generateUploadUrl(context, channel, fileName, signal);
  if (!form.ok) return { ...form, retryable: false };
  const { data, file_upload_request: upload } = form.value;
  const blob = new Blob([file.bytes], { type: file.contentType ?? 'application/octet-stream' });
  const operation = 'PNUploadFileOperation';
  const uploaded = await attemptRequest({ operation, timeoutMs: context.config.fileRequestTimeout, signal }, (requestSignal) =>
    context.client.POST('/', {
      baseUrl: upload.url,
      body: createUploadForm(upload.form_fields, blob, data.name),
      parseAs: 'text',
      signal: requestSignal,
    }),
  );
  if (!uploaded.ok) return isExpiredForm(uploaded.error) ? { ...uploaded, retryable: true } : uploaded;
  const { status } = uploaded.value.response;
  if (status !== 204) return failed(malformed(operation, `storage answered ${status}, expected 204`, status));
  return { ok: true, value: data };
}

// Storage refuses a form whose policy expired (403 AccessDenied, "Policy expired."), e.g. after a slow read of the
// file: a fresh form is exactly what fixes it.
function isExpiredForm(error: PubNubError): boolean {
  const data = error.status.errorData as { code?: unknown; message?: unknown } | undefined;
  return data?.code === 'AccessDenied' && /expired/i.test(String(data.message));
}

type UploadForm = { url: string; form_fields: FormField[] };

async function generateUploadUrl(
  context: Context,
  channel: string,
  name: string,
  signal: AbortSignal | undefined,
): Promise<Attempt<{ data: FileRef; file_upload_request: UploadForm }>> {
  const { config, client } = context;
  const operation = 'PNGenerateUploadUrlOperation';
  const attempt = await attemptRequest({ operation, timeoutMs: config.requestTimeout, signal }, (requestSignal) =>
    client.POST('/v1/files/{sub_key}/channels/{channel}/generate-upload-url', {
      params: { path: { sub_key: config.subscribeKey, channel } },
      body: { name },
      signal: requestSignal,
    }),
  );
  if (!attempt.ok) return attempt;
  const body = attempt.value.data;
  const upload = body?.file_upload_request;
  if (typeof body?.data?.id !== 'string' || typeof upload?.url !== 'string' || !Array.isArray(upload.form_fields)) {
    return failed(malformed(operation, 'the answer lacks data.id or the upload form', attempt.value.response.status));
  }
  return { ok: true, value: { data: body.data, file_upload_request: upload } };
}

/**
 * Step 3, with up to `fileUploadPublishRetryLimit` attempts. The file is stored by now, so a final failure names
 * it (channel, fileId, fileName) for the caller to finish with publishFileMessage (PROTOCOL.md B4).
 */
async function publishWithRetries(
  context: Context,
  fileMessage: FileMessage,
  crypto: CryptoModule | undefined,
  signal: AbortSignal | undefined,
): Promise<SendFileResult> {
  const { channel, fileId, fileName } = fileMessage;
  let attempts = 0;
  const outcome = await messageSegment(fileMessage, crypto).then(
    (segment) =>
      withRetry(
        context.config.retryPolicy,
        context.config.fileUploadPublishRetryLimit,
        () => {
          attempts++;
          return publishOnce(context, fileMessage, segment, signal);
        },
        signal,
        () => failed(cancelled('PNPublishFileMessageOperation', signal)),
      ),
    // The crypto module fails only with PubNubErrors; the file is stored all the same, so say where it is.
    (error: PubNubError) => failed(error),
  );
  if (outcome.ok) return { name: fileName, fileId, timestamp: outcome.value.timestamp };
  const { error } = outcome;
  throw new PubNubError(
    `The file was uploaded (channel "${channel}", fileId "${fileId}", fileName "${fileName}") but publishing its ` +
      `message failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${error.message}. ` +
      'Call publishFileMessage with the same channel, fileId and fileName (and cipherKey, if you gave one) to finish ' +
      'without uploading again.',
    { ...error.status, operation: 'PNPublishFileMessageOperation', channel, fileId, fileName },
    { cause: error },
  );
}

function failed(error: PubNubError): Attempt<never> {
  return { ok: false, error, retryable: false };
}
