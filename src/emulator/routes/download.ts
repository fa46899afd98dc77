import type { ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.ts';
import { checkDownloadQuery } from '../download-url.ts';
import { STORED_FILE_HEADERS } from '../content-type.ts';
import { sendS3Error } from '../http.ts';
import { decodeSegment, queryRecord, type QueryPairs } from '../query.ts';

/**
 * downloadFile: the CDN GET that getFile's 307 points at. Only a URL the emulator signed, and not yet expired, gets
 * the bytes, served with the Content-Type given at upload.
 */
export async function handleDownload(
  ctx: EmulatorContext,
  res: ServerResponse,
  rawKeyPath: string,
  query: QueryPairs,
): Promise<void> {
  const segments = rawKeyPath.split('/').map(decodeSegment);
  if (segments.length !== 4 || segments.some((s) => s === undefined || s === '')) {
    return sendS3Error(res, 404, { code: 'NoSuchKey', message: 'The specified key does not exist.' });
  }
  const objectKey = segments.join('/');
  const nowMs = ctx.now();
  const check = checkDownloadQuery(ctx.storageSecret, objectKey, queryRecord(query), nowMs);
  if (!check.ok) return sendS3Error(res, 403, check);
  const object = await ctx.store.readObject(objectKey, nowMs);
  if (object === undefined) {
    return sendS3Error(res, 404, {
      code: 'NoSuchKey',
      message: 'The specified key does not exist.',
      extra: [['Key', objectKey]],
    });
  }
  if (object.damaged) {
    return sendS3Error(res, 500, {
      code: 'InternalError',
      message:
        'The stored object is damaged: its size or MD5 is not what was stored. Delete the file and upload it again.',
    });
  }
  const { file, bytes } = object;
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': bytes.length,
    ETag: `"${file.md5}"`,
    ...STORED_FILE_HEADERS,
  });
  res.end(bytes);
}
