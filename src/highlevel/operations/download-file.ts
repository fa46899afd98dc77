// downloadFile: GET the file's API URL, follow its 307 to the CDN, and decrypt what arrives when a crypto
// module (or a per-call cipherKey) is set.
import type { CallOptions } from '../builder.ts';
import { cryptoFor, type Context } from '../context.ts';
import { MAX_STORED_FILE_BYTES } from '../../generated/spec-facts.ts';
import { ByteSink } from '../byte-sink.ts';
import type { CryptoModule } from '../crypto/index.ts';
import type { FileDecryptor } from '../crypto/backend.ts';
import { fileDecryptorOf } from '../crypto/module.ts';
import { PubNubError, thrownText } from '../errors.ts';
import {
  PROGRESS_STEP_BYTES,
  progressReporter,
  type DownloadFilePhase,
  type Progress,
  type Report,
} from '../progress.ts';
import { requestWithRetry, unwrap, type ClientResult } from '../request.ts';
import { requirePathSegment, requireString } from '../validation.ts';

const OPERATION = 'PNDownloadFileOperation';

export interface DownloadFileParams extends CallOptions {
  channel: string;
  fileId: string;
  fileName: string;
  /** Decrypts with the legacy module of this key instead of the configured one. */
  cipherKey?: string;
  /**
   * Called as the download goes: `downloading` (bytes of the response body as read, at most 64 KiB apart), then
   * `decrypting` when a crypto module applies. Never called once the returned Promise has settled.
   */
  onProgress?: (progress: Progress<DownloadFilePhase>) => void;
}

export interface DownloadFileResult {
  /** The file's bytes, decrypted when a crypto module applies. */
  data: Uint8Array;
  name: string;
  /** The CDN's Content-Type (the one fixed at upload); undefined when it sent none. */
  contentType: string | undefined;
}

export async function downloadFile(
  context: Context,
  params: Partial<DownloadFileParams>,
  signal: AbortSignal | undefined,
): Promise<DownloadFileResult> {
  const channel = requirePathSegment(OPERATION, 'channel', params.channel);
  const fileId = requirePathSegment(OPERATION, 'fileId', params.fileId);
  const fileName = requirePathSegment(OPERATION, 'fileName', params.fileName);
  if (params.cipherKey !== undefined) requireString(OPERATION, 'cipherKey', params.cipherKey);
  const crypto = cryptoFor(context, params.cipherKey);
  const { report, close } = progressReporter(OPERATION, params.onProgress);
  try {
    return await download(context, { channel, fileId, fileName, crypto }, signal, report);
  } finally {
    close();
  }
}

async function download(
  context: Context,
  {
    channel,
    fileId,
    fileName,
    crypto,
  }: { channel: string; fileId: string; fileName: string; crypto: CryptoModule | undefined },
  signal: AbortSignal | undefined,
  report: Report<DownloadFilePhase>,
): Promise<DownloadFileResult> {
  const { config, client } = context;
  const { data, response } = unwrap(
    await requestWithRetry(
      { operation: OPERATION, timeoutMs: config.fileRequestTimeout, signal, policy: config.retryPolicy },
      async (requestSignal): Promise<ClientResult<Received>> => {
        const { data, error, response } = await client.GET(
          '/v1/files/{sub_key}/channels/{channel}/files/{file_id}/{file_name}',
          {
            params: { path: { sub_key: config.subscribeKey, channel, file_id: fileId, file_name: fileName } },
            parseAs: 'stream',
            signal: requestSignal,
          },
        );
        if (!response.ok) return { error, response };
        // Read inside the attempt, so that its timeout and the caller's signal cover the body too. An error's body
        // openapi-fetch has read already.
        const size = announcedSize(response);
        // Never more than storage holds, so a server announcing more cannot make this allocate it up front (the
        // buffer grows if the bytes really come).
        const capacity = size === undefined ? undefined : Math.min(size, MAX_STORED_FILE_BYTES);
        // Where the runtime can, the file is decrypted as it arrives; else it is gathered, then decrypted whole.
        const decryptor = crypto && (await fileDecryptorOf(crypto, capacity));
        const gathered = decryptor ? undefined : new ByteSink(capacity);
        const stored = await readCounted(data, size, report, decryptor ?? gathered!);
        return { data: { stored, decryptor, gathered }, response };
      },
    ),
  );

  // Set on every success.
  const { stored, decryptor, gathered } = data!;
  let bytes: Uint8Array = gathered?.bytes() ?? new Uint8Array(0);
  if (crypto !== undefined) {
    report('decrypting', 0, stored);
    try {
      bytes = decryptor ? await decryptor.end() : await crypto.decryptFile(bytes);
      report('decrypting', bytes.byteLength, bytes.byteLength);
    } catch (thrown) {
      // The crypto module's own message says what was wrong and what to check; a custom module may throw anything.
      throw new PubNubError(
        `Download file failed: ${thrown instanceof PubNubError ? thrown.message : `Decryption failed: ${thrownText(thrown)}`}`,
        { category: 'PNDecryptionErrorCategory', operation: OPERATION, statusCode: response.status },
        { cause: thrown },
      );
    }
  }
  return { data: bytes, name: fileName, contentType: response.headers.get('Content-Type') ?? undefined };
}

interface Received {
  /** Bytes of the body. */
  stored: number;
  /** Fed the body as it arrived, when the crypto module decrypts piece by piece. */
  decryptor: FileDecryptor | undefined;
  /** The body, otherwise. */
  gathered: ByteSink | undefined;
}

/**
 * The body's size as the response announces it, to receive it into one buffer of that size. Content-Length counts the
 * bytes on the wire: of a compressed body, not of what reading it gives.
 */
function announcedSize(response: Response): number | undefined {
  const length = response.headers.get('Content-Encoding') ? null : response.headers.get('Content-Length');
  const size = length === null ? NaN : Number(length);
  return Number.isSafeInteger(size) && size >= 0 ? size : undefined;
}

/** Reads the whole body into `sink`, reporting the bytes read so far after every chunk; the number of bytes read. */
async function readCounted(
  // None for an empty body (Content-Length: 0): openapi-fetch does not hand that one over.
  body: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined,
  total: number | undefined,
  report: Report<DownloadFilePhase>,
  sink: { write(chunk: Uint8Array): void },
): Promise<number> {
  let loaded = 0;
  report('downloading', 0, total);
  const reader = body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    sink.write(read.value);
    // Figures at most PROGRESS_STEP_BYTES apart even where fetch hands over more at a time (Bun: 128 KiB).
    for (let at = PROGRESS_STEP_BYTES; at < read.value.byteLength; at += PROGRESS_STEP_BYTES)
      report('downloading', loaded + at, total);
    report('downloading', (loaded += read.value.byteLength), total);
  }
  return loaded;
}
