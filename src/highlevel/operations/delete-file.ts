// deleteFile: remove a stored file. Not retried: after a lost answer a second DELETE would report 404
// for a file that was in fact deleted.
import type { CallOptions } from '../builder.ts';
import type { Context } from '../context.ts';
import { attemptRequest, unwrap } from '../request.ts';
import { requirePathSegment } from '../validation.ts';

const OPERATION = 'PNDeleteFileOperation';

export interface DeleteFileParams extends CallOptions {
  channel: string;
  fileId: string;
  fileName: string;
}

export interface DeleteFileResult {
  /** The service's status, 200. */
  status: number;
}

export async function deleteFile(
  context: Context,
  params: Partial<DeleteFileParams>,
  signal: AbortSignal | undefined,
): Promise<DeleteFileResult> {
  const channel = requirePathSegment(OPERATION, 'channel', params.channel);
  const fileId = requirePathSegment(OPERATION, 'fileId', params.fileId);
  const fileName = requirePathSegment(OPERATION, 'fileName', params.fileName);

  const { config, client } = context;
  const { data, response } = unwrap(
    await attemptRequest({ operation: OPERATION, timeoutMs: config.requestTimeout, signal }, (requestSignal) =>
      client.DELETE('/v1/files/{sub_key}/channels/{channel}/files/{file_id}/{file_name}', {
        params: { path: { sub_key: config.subscribeKey, channel, file_id: fileId, file_name: fileName } },
        signal: requestSignal,
      }),
    ),
  );
  return { status: typeof data?.status === 'number' ? data.status : response.status };
}
