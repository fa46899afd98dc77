// downloadFile: GET the file's API URL, follow its 307 to the CDN, and decrypt what arrives when a crypto
// module (or a per-call cipherKey) is set.
import type { CallOptions } from '../builder.ts';
import { cryptoFor, type Context } from '../context.ts';
import type { CryptoModule } from '../crypto/index.ts';
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
      async (requestSignal): Promise<ClientResult<Uint8Array>> => {
        const { data, error, response } = await client.GET(
          '/v1/files/{sub_key}/channels/{channel}/files/{file_id}/{file_name}',
          {
            params: { path: { sub_key: config.subscribeKey, channel, file_id: fileId, file_name: fileName } },
            parseAs: 'stream',
            signal: requestSignal,
          },
        );
        // Read inside the attempt, so that its timeout and the caller's signal cover the body too. An error's body
        // openapi-fetch has read already.
        return response.ok ? { data: await readCounted(data, response, report), response } : { error, response };
      },
    ),
  );

  // Set on every success (readCounted).
  let bytes: Uint8Array = data!;
  if (crypto !== undefined) {
    report('decrypting', 0, bytes.byteLength);
    try {
      bytes = await crypto.decryptFile(bytes);
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

/** The whole body, reporting the bytes read so far after every chunk. */
async function readCounted(
  // None for an empty body (Content-Length: 0): openapi-fetch does not hand that one over.
  body: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined,
  response: Response,
  report: Report<DownloadFilePhase>,
): Promise<Uint8Array> {
  // Content-Length counts the bytes on the wire: of a compressed body, not of what reading it gives.
  const length = response.headers.get('Content-Encoding') ? null : response.headers.get('Content-Length');
  const total = length === null ? undefined : Number(length);
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let loaded = 0;
  report('downloading', 0, total);
  const reader = body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    chunks.push(read.value);
    // Figures at most PROGRESS_STEP_BYTES apart even where fetch hands over more at a time (Bun: 128 KiB).
    for (let at = PROGRESS_STEP_BYTES; at < read.value.byteLength; at += PROGRESS_STEP_BYTES)
      report('downloading', loaded + at, total);
    report('downloading', (loaded += read.value.byteLength), total);
  }
  return new Uint8Array(await new Blob(chunks).arrayBuffer());
}
