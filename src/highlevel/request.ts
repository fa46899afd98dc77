// One HTTP exchange as the operations see it: per-attempt timeout joined with the caller's AbortSignal,
// openapi-fetch's two failure channels folded into one Attempt, and retries for the calls that may repeat.
import { PubNubError, type Operation } from './errors.ts';
import { bodyStatus, responseFailure, thrownFailure } from './http-errors.ts';
import { withRetry, type Attempt, type RetryPolicy } from './retry.ts';

/** The shape every openapi-fetch call resolves to (and what a plain-fetch step mimics). */
export interface ClientResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

export interface Exchange<D> {
  data: D | undefined;
  response: Response;
}

export interface RequestOptions {
  operation: Operation;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/** One attempt: never throws, and stops waiting the moment the timeout or the caller's signal fires. */
export async function attemptRequest<D>(
  options: RequestOptions,
  send: (signal: AbortSignal) => Promise<ClientResult<D>>,
): Promise<Attempt<Exchange<D>>> {
  const { operation, signal: user } = options;
  if (user?.aborted) return { ok: false, error: PubNubError.cancelled(operation, user), retryable: false };
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = user === undefined ? timeout : AbortSignal.any([user, timeout]);
  // A fetch that ignores its signal (or a body that never ends) must not outlive the timeout. Neither signal has fired
  // yet (the caller's was checked above), so the listener sees every abort.
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) =>
    signal.addEventListener('abort', (onAbort = () => reject(signal.reason))),
  );
  try {
    const { data, error, response } = await Promise.race([send(signal), aborted]);
    if (!response.ok) return responseFailure(operation, response, error);
    if (bodyStatus(data) !== undefined) return responseFailure(operation, response, data);
    return { ok: true, value: { data, response } };
  } catch (thrown) {
    return thrownFailure(operation, thrown, user, timeout);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Attempts until success, a failure retrying cannot fix, or the policy's `maxAttempts`; the waits honour the signal. */
export function requestWithRetry<D>(
  options: RequestOptions & { policy: RetryPolicy },
  send: (signal: AbortSignal) => Promise<ClientResult<D>>,
): Promise<Attempt<Exchange<D>>> {
  return withRetry(
    options.policy,
    options.policy.maxAttempts,
    () => attemptRequest(options, send),
    options.signal,
    () => ({
      ok: false,
      error: PubNubError.cancelled(options.operation, options.signal),
      retryable: false,
    }),
  );
}

/** The value of a successful attempt, or its error thrown. */
export function unwrap<T>(attempt: Attempt<T>): T {
  if (!attempt.ok) throw attempt.error;
  return attempt.value;
}
