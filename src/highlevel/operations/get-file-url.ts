// getFileUrl: the file's API URL, built locally (no request). With a secret key it is signed for GET, the
// method it will be fetched with (docs/protocol.md B3; the official JS SDK signs "LOCAL", which no server accepts).
import { buildQueryString, encodePathSegment, withCommonQuery } from '../../lowlevel/index.ts';
import type { CallOptions } from '../builder.ts';
import { originUrl } from '../config.ts';
import type { Context } from '../context.ts';
import { requirePathSegment } from '../validation.ts';

const OPERATION = 'PNGetFileUrlOperation';

export interface GetFileUrlParams extends CallOptions {
  channel: string;
  fileId: string;
  fileName: string;
}

export interface GetFileUrlResult {
  /** Answers a redirect to the file's bytes; valid while the auth token (and signature timestamp) are. */
  fileUrl: string;
}

export async function getFileUrl(context: Context, params: Partial<GetFileUrlParams>): Promise<GetFileUrlResult> {
  const channel = requirePathSegment(OPERATION, 'channel', params.channel);
  const fileId = requirePathSegment(OPERATION, 'fileId', params.fileId);
  const fileName = requirePathSegment(OPERATION, 'fileName', params.fileName);

  const { config } = context;
  const path = ['/v1/files', config.subscribeKey, 'channels', channel, 'files', fileId, fileName]
    .map((segment, index) => (index === 0 ? segment : encodePathSegment(segment)))
    .join('/');
  const query = await withCommonQuery({ ...context.commonQuery, requestId: null }, { method: 'GET', path, query: {} });
  return { fileUrl: `${originUrl(config)}${path}?${buildQueryString(query)}` };
}
