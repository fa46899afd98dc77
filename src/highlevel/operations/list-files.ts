// listFiles: one page of the files stored on a channel.
import type { CallOptions } from '../builder.ts';
import type { Context } from '../context.ts';
import { requestWithRetry, unwrap } from '../request.ts';
import { requirePathSegment, requireUrlText } from '../validation.ts';
import { PubNubError } from '../errors.ts';

const OPERATION = 'PNListFilesOperation';

/** What every entry of the page must carry, checked rather than trusted: a result never has undefined fields. */
const FILE_FIELD_TYPES = { id: 'string', name: 'string', size: 'number', created: 'string' } as const;

export interface ListFilesParams extends CallOptions {
  channel: string;
  /** Page size, 1 to 100. The service's default (100) when not given. */
  limit?: number;
  /** The `next` token of the previous page. */
  next?: string;
}

export interface FileInfo {
  id: string;
  name: string;
  /** Stored bytes: an encrypted file reports its encrypted size. */
  size: number;
  /** ISO-8601 UTC, as the service sent it. */
  created: string;
}

export interface ListFilesResult {
  /** Pass it as `next` for the following page; null on the last page. */
  next: string | null;
  /**
   * Always null today: the real service sends no `prev` (docs/protocol.md A2.4). Kept, typed like `next`, for parity
   * with the documented result model; it takes the service's value should it ever send one.
   */
  prev: string | null;
  /** Files on this page. */
  count: number;
  data: FileInfo[];
}

export async function listFiles(
  context: Context,
  params: Partial<ListFilesParams>,
  signal: AbortSignal | undefined,
): Promise<ListFilesResult> {
  const channel = requirePathSegment(OPERATION, 'channel', params.channel);
  const { limit, next } = params;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 100)) {
    throw PubNubError.validation(
      OPERATION,
      `Invalid limit: expected a whole number from 1 to 100, got ${String(limit)}.`,
    );
  }
  if (next !== undefined) requireUrlText(OPERATION, 'next', next);

  const { config, client } = context;
  const { data, response } = unwrap(
    await requestWithRetry(
      { operation: OPERATION, timeoutMs: config.requestTimeout, signal, policy: config.retryPolicy },
      (requestSignal) =>
        client.GET('/v1/files/{sub_key}/channels/{channel}/files', {
          params: {
            path: { sub_key: config.subscribeKey, channel },
            query: { ...(limit === undefined ? {} : { limit }), ...(next === undefined ? {} : { next }) },
          },
          signal: requestSignal,
        }),
    ),
  );

  if (!Array.isArray(data?.data) || !data.data.every((item) => typeof item === 'object' && item !== null)) {
    throw PubNubError.malformed(OPERATION, 'the answer has no data array of file objects', response.status);
  }
  const files = data.data.map((entry, index) => {
    const fields = entry as Record<string, unknown>;
    const wrong = Object.entries(FILE_FIELD_TYPES).filter(([field, type]) => typeof fields[field] !== type);
    if (wrong.length > 0) {
      const what = wrong.map(([field, type]) => `a ${type} ${field}`).join(', ');
      throw PubNubError.malformed(OPERATION, `file ${index} of the answer lacks ${what}`, response.status);
    }
    const { id, name, size, created } = entry;
    return { id, name, size, created };
  });
  const prev = (data as { prev?: unknown }).prev;
  return {
    next: typeof data.next === 'string' ? data.next : null,
    prev: typeof prev === 'string' ? prev : null,
    count: typeof data.count === 'number' ? data.count : files.length,
    data: files,
  };
}
