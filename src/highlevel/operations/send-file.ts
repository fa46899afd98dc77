// sendFile: the three steps of docs/protocol.md A2 — get an upload form, upload to storage, publish the file
// message — after every check that can be made without the network.
// Storage refuses more stored bytes (after encryption) than MAX_STORED_FILE_BYTES, a limit the spec states.
import { MAX_STORED_FILE_BYTES } from '../../generated/spec-facts.ts';
import { encodeUploadForm, type EncodedUploadForm, type FormField } from '../../lowlevel/index.ts';
import type { CallOptions } from '../builder.ts';
import { cryptoFor, type Context } from '../context.ts';
import type { CryptoModule } from '../crypto/index.ts';
import { PubNubError } from '../errors.ts';
import { isFileInput, knownSize, loadFile, type FileInput } from '../file-input.ts';
import { streamsUploads } from '../../lowlevel/platform.ts';
import { PROGRESS_STEP_BYTES, progressReporter, type Progress, type Report, type SendFilePhase } from '../progress.ts';
import { attemptRequest, unwrap } from '../request.ts';
import { withRetry, type Attempt } from '../retry.ts';
import { requirePathSegment, requireString } from '../validation.ts';
import {
  checkMessageOptions,
  messageSegment,
  publishOnce,
  type FileMessage,
  type MessageOptions,
} from './file-message.ts';

const OPERATION = 'PNPublishFileOperation';

interface SendFileOptions extends MessageOptions, CallOptions {
  channel: string;
  /** Encrypts this file and its message with the legacy module of this key instead of the configured one. */
  cipherKey?: string;
  /**
   * Called as the send goes: `encrypting` (when a crypto module applies), `uploading` (bytes of the upload body as
   * fetch takes them, at most 64 KiB apart, on Node and Bun; elsewhere only at its start and end), `publishing`.
   * Never called once the returned Promise has settled.
   */
  onProgress?: (progress: Progress<SendFilePhase>) => void;
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
    throw PubNubError.validation(
      OPERATION,
      'Missing or unsupported file: expected a Uint8Array, ArrayBuffer, Blob/File, ReadableStream, Node Readable or string.',
    );
  }
  if (params.cipherKey !== undefined) requireString(OPERATION, 'cipherKey', params.cipherKey);
  checkMessageOptions(OPERATION, context, params);
  const crypto = cryptoFor(context, params.cipherKey);

  const { report, close } = progressReporter(OPERATION, params.onProgress);
  try {
    const file = await prepareFile(params.file, crypto, report);
    const stored = await uploadFile(context, channel, fileName, file, signal, report);
    const fileMessage = { ...params, channel, fileId: stored.id, fileName: stored.name };
    report('publishing', 0, 1);
    const sent = await publishWithRetries(context, fileMessage, crypto, signal);
    report('publishing', 1, 1);
    return sent;
  } finally {
    close();
  }
}

function nameOfFile(file: unknown): string | undefined {
  return typeof File !== 'undefined' && file instanceof File ? file.name : undefined;
}

/** Reads and encrypts the file, refusing it when the bytes to store would exceed the storage limit. */
async function prepareFile(
  input: FileInput,
  crypto: CryptoModule | undefined,
  report: Report<SendFilePhase>,
): Promise<StoredFile> {
  const stored = (plainSize: number): number => crypto?.encryptedFileSize(plainSize) ?? plainSize;
  const size = knownSize(input);
  if (size !== undefined && stored(size) > MAX_STORED_FILE_BYTES) throw tooLarge(size, stored(size));
  const loaded = await loadFile(input, MAX_STORED_FILE_BYTES);
  // A stream stops being read past the limit: what it gave so far is already too much.
  if ('tooLarge' in loaded) throw tooLarge(loaded.readSoFar, stored(loaded.readSoFar), 'at least ');
  const { bytes } = loaded;
  if (stored(bytes.byteLength) > MAX_STORED_FILE_BYTES) throw tooLarge(bytes.byteLength, stored(bytes.byteLength));
  if (crypto === undefined) return loaded;
  report('encrypting', 0, bytes.byteLength);
  const encrypted = await crypto.encryptFile(bytes);
  report('encrypting', bytes.byteLength, bytes.byteLength);
  // The stored bytes are ciphertext: the file's own media type would describe them wrongly.
  return { bytes: encrypted, contentType: undefined };
}

function tooLarge(plainSize: number, storedSize: number, atLeast = ''): PubNubError {
  const encrypted = storedSize === plainSize ? '' : ` (${atLeast}${formatBytes(plainSize)} before encryption)`;
  return PubNubError.validation(
    OPERATION,
    `File too large: it would be stored as ${atLeast}${formatBytes(storedSize)}${encrypted}; ` +
      `storage accepts at most ${formatBytes(MAX_STORED_FILE_BYTES)}.`,
  );
}

function formatBytes(size: number): string {
  return `${size.toLocaleString('en-US')} bytes`;
}

/**
 * Steps 1 and 2. An upload form is good for one upload (its fields expire), so a retried upload always asks for
 * a fresh one (docs/protocol.md B7); a failure to get the form is not retried, as that POST reserves a file id.
 */
async function uploadFile(
  context: Context,
  channel: string,
  fileName: string,
  file: StoredFile,
  signal: AbortSignal | undefined,
  report: Report<SendFilePhase>,
): Promise<FileRef> {
  const policy = context.config.retryPolicy;
  const outcome = await withRetry(
    policy,
    policy.maxAttempts,
    () => generateAndUpload(context, channel, fileName, file, signal, report),
    signal,
    () => failed(PubNubError.cancelled('PNUploadFileOperation', signal)),
  );
  return unwrap(outcome);
}

async function generateAndUpload(
  context: Context,
  channel: string,
  fileName: string,
  file: StoredFile,
  signal: AbortSignal | undefined,
  report: Report<SendFilePhase>,
): Promise<Attempt<FileRef>> {
  const form = await generateUploadUrl(context, channel, fileName, signal);
  if (!form.ok) return { ...form, retryable: false };
  const { data, file_upload_request: upload } = form.value;
  // The body fetch would make of createUploadForm's FormData, encoded here so that it can be counted as it goes.
  const body = encodeUploadForm(
    upload.form_fields,
    file.bytes,
    data.name,
    file.contentType ?? 'application/octet-stream',
  );
  const streamed = streamsUploads();
  const operation = 'PNUploadFileOperation';
  report('uploading', 0, body.length);
  const uploaded = await attemptRequest(
    { operation, timeoutMs: context.config.fileRequestTimeout, signal },
    (requestSignal) =>
      context.client.POST('/', {
        baseUrl: upload.url,
        body: (streamed
          ? countedStream(body, (sent) => report('uploading', sent, body.length))
          : new Blob(body.parts)) as never,
        bodySerializer: (encoded: unknown) => encoded,
        headers: { 'Content-Type': body.contentType, ...(streamed ? { 'Content-Length': String(body.length) } : {}) },
        // Required by fetch for a stream body; the response is only read once the body has gone.
        duplex: 'half',
        parseAs: 'text',
        signal: requestSignal,
      }),
  );
  if (!uploaded.ok) return isExpiredForm(uploaded.error) ? { ...uploaded, retryable: true } : uploaded;
  const { status } = uploaded.value.response;
  if (status !== 204)
    return failed(PubNubError.malformed(operation, `storage answered ${status}, expected 204`, status));
  if (!streamed) report('uploading', body.length, body.length);
  return { ok: true, value: data };
}

/**
 * The body as a stream of slices of at most PROGRESS_STEP_BYTES, each counted as fetch takes it. With no queue
 * (highWaterMark 0) a slice is made only when fetch asks for the next, which it does once the previous one has been
 * written to the connection.
 */
function countedStream({ parts }: EncodedUploadForm, sentSoFar: (sent: number) => void): ReadableStream<Uint8Array> {
  const slices = (function* () {
    for (const part of parts)
      for (let at = 0; at < part.byteLength; at += PROGRESS_STEP_BYTES)
        yield part.subarray(at, at + PROGRESS_STEP_BYTES);
  })();
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const slice = slices.next();
        if (slice.done) return controller.close();
        controller.enqueue(slice.value);
        sentSoFar((sent += slice.value.byteLength));
      },
    },
    { highWaterMark: 0 },
  );
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
    return failed(
      PubNubError.malformed(operation, 'the answer lacks data.id or the upload form', attempt.value.response.status),
    );
  }
  return { ok: true, value: { data: body.data, file_upload_request: upload } };
}

/**
 * Step 3, with up to `fileUploadPublishRetryLimit` attempts. The file is stored by now, so a final failure names
 * it (channel, fileId, fileName) for the caller to finish with publishFileMessage (docs/protocol.md B4).
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
        () => failed(PubNubError.cancelled('PNPublishFileMessageOperation', signal)),
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
