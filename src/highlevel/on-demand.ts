// Code an app may never use, imported the first time it is: bundlers put what a dynamic `import()` reaches in a chunk
// of its own, fetched on first use instead of with the app (README, "Bundle size"). In a browser that fetch can fail:
// the failure is a PubNubError of the operation that needed the code, and the next use imports again. A fetch that
// stalls is given up like a request: when the caller's signal aborts, or after the request timeout.
import { PubNubError, type Operation } from './errors.ts';
import { action, describeThrown, thrownFailure } from './http-errors.ts';

export type Loader<T> = (operation: Operation, signal?: AbortSignal, timeoutMs?: number) => Promise<T>;

export function onDemand<T>(load: () => Promise<T>): Loader<T> {
  let loading: Promise<T> | undefined;
  return (operation, signal, timeoutMs) => {
    const current = (loading ??= load());
    const settled = current.catch((thrown: unknown) => {
      if (loading === current) loading = undefined;
      const errorData = describeThrown(thrown);
      throw new PubNubError(`${action(operation)} failed: its code could not be loaded (${errorData.message})`, {
        category: 'PNNetworkIssuesCategory',
        operation,
        errorData,
      });
    });
    if (timeoutMs === undefined) return settled;
    const timeout = AbortSignal.timeout(timeoutMs);
    const stop = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let onAbort!: () => void;
    const given = new Promise<never>((_, reject) => {
      // The same cancelled or timed-out error a request of this operation gives.
      onAbort = () => reject(thrownFailure(operation, stop.reason, signal, timeout).error);
      if (stop.aborted) onAbort();
      stop.addEventListener('abort', onAbort);
    });
    return Promise.race([settled, given]).finally(() => stop.removeEventListener('abort', onAbort));
  };
}
