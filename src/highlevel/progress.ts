// Progress of a sendFile or downloadFile: the figures and the one place that calls the caller's callback.
import { describe } from './describe.ts';
import { PubNubError, type Operation } from './errors.ts';

/**
 * Where a transfer is and how far. `loaded` and `total` count bytes: for `uploading`, of the upload request's body
 * (the file plus the storage form's fields around it); for `downloading`, of the response body as read (`total` is its
 * Content-Length, undefined when the server sent none or compressed it). `encrypting`, `decrypting` and `publishing`
 * are single steps: reported at their start (`loaded` 0) and end (`loaded` equal to `total`). A retried upload or
 * download starts again from 0.
 */
export interface Progress<Phase extends string = SendFilePhase | DownloadFilePhase> {
  phase: Phase;
  loaded: number;
  total: number | undefined;
}

export type SendFilePhase = 'encrypting' | 'uploading' | 'publishing';
export type DownloadFilePhase = 'downloading' | 'decrypting';

/** Reports at most this many bytes apart while bytes move. */
export const PROGRESS_STEP_BYTES = 64 * 1024;

export type Report<Phase extends string> = (phase: Phase, loaded: number, total: number | undefined) => void;

/**
 * The callback as the operation calls it: a no-op without one; silent once the call has settled (`close`), so a late
 * read or pull of an abandoned attempt never reaches the caller; and what the callback throws is dropped, since it
 * must not fail the transfer it watches.
 */
export function progressReporter<Phase extends string>(
  operation: Operation,
  onProgress: ((progress: Progress<Phase>) => void) | undefined,
): { report: Report<Phase>; close: () => void } {
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw PubNubError.validation(operation, `Invalid onProgress: expected a function, got ${describe(onProgress)}.`);
  }
  let open = true;
  return {
    report: (phase, loaded, total) => {
      if (!open || onProgress === undefined) return;
      try {
        onProgress({ phase, loaded, total });
      } catch {
        // Dropped on purpose: see above.
      }
    },
    close: () => {
      open = false;
    },
  };
}
