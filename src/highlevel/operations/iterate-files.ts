// iterateFiles: every file of a channel, one listFiles page at a time, each page asked for only when the previous
// one has been consumed.
import type { CallOptions } from '../builder.ts';
import { PubNubError } from '../errors.ts';
import type { FileInfo, ListFilesParams, ListFilesResult } from './list-files.ts';

export interface IterateFilesParams extends CallOptions {
  channel: string;
  /** Page size, 1 to 100 (the service's default, 100, when not given). Files come one by one whatever it is. */
  limit?: number;
}

/**
 * Walks the pages through `listPage` (listFiles with its validation and retries) until a page's `next` is null. A
 * service that hands back the token it was just given would be walked forever: that is a malformed response.
 */
export async function* iterateFiles(
  listPage: (params: Partial<ListFilesParams>) => Promise<ListFilesResult>,
  params: Partial<IterateFilesParams>,
): AsyncGenerator<FileInfo, void, undefined> {
  let next: string | undefined;
  do {
    const page: ListFilesResult = await listPage({ ...params, ...(next === undefined ? {} : { next }) });
    yield* page.data;
    if (page.next !== null && page.next === next) {
      throw PubNubError.malformed(
        'PNListFilesOperation',
        'the page token came back unchanged, so the listing would never end',
        200,
      );
    }
    next = page.next ?? undefined;
  } while (next !== undefined);
}
