// downloadFile: GET the file's API URL, follow its 307 to the CDN, and decrypt what arrives when a crypto
// module (or a per-call cipherKey) is set.
import type { CallOptions } from '../builder.ts';
import { cryptoFor, type Context } from '../context.ts';
import { PubNubError } from '../errors.ts';
import { requestWithRetry, unwrap } from '../request.ts';
import { requirePathSegment, requireString } from '../validation.ts';

const OPERATION = 'PNDownloadFileOperation';

export interface DownloadFileParams extends CallOptions {
  channel: string;
  fileId: string;
  fileName: string;
  /** Decrypts with the legacy module of this key instead of the configured one. */
  cipherKey?: string;
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

  const { config, client } = context;
  const { data, response } = unwrap(
    await requestWithRetry(
      { operation: OPERATION, timeoutMs: config.fileRequestTimeout, signal, policy: config.retryPolicy },
      (requestSignal) =>
        client.GET('/v1/files/{sub_key}/channels/{channel}/files/{file_id}/{file_name}', {
          params: { path: { sub_key: config.subscribeKey, channel, file_id: fileId, file_name: fileName } },
          parseAs: 'arrayBuffer',
          signal: requestSignal,
        }),
    ),
  );

  let bytes: Uint8Array = data === undefined ? new Uint8Array(0) : new Uint8Array(data);
  if (crypto !== undefined) {
    try {
      bytes = await crypto.decryptFile(bytes);
    } catch (thrown) {
      // The crypto module's own message says what was wrong and what to check; a custom module may throw anything.
      throw new PubNubError(
        `Download file failed: ${thrown instanceof PubNubError ? thrown.message : `Decryption failed: ${String(thrown)}`}`,
        { category: 'PNDecryptionErrorCategory', operation: OPERATION, statusCode: response.status },
        { cause: thrown },
      );
    }
  }
  return { data: bytes, name: fileName, contentType: response.headers.get('Content-Type') ?? undefined };
}
