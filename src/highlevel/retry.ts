// Exponential backoff with jitter, honouring Retry-After. The clock and the dice are injectable so tests can
// check the exact delays without waiting.
import type { PubNubError } from './errors.ts';

export interface RetryPolicy {
  /** Total attempts, the first included. 1 = no retry. */
  maxAttempts: number;
  /** Delay before the first retry, before jitter. Doubles with every retry. */
  baseDelayMs: number;
  /** Cap of the doubled delay (a server's Retry-After is honoured even when longer). */
  maxDelayMs: number;
  /** Uniform in [0, 1). Default `Math.random`. */
  random: () => number;
  /** Waits `ms`, rejecting when `signal` aborts. Default: a timer. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What one attempt produced: a value, or a failure saying whether trying again could help. */
export type Attempt<T> =
  { ok: true; value: T } | { ok: false; error: PubNubError; retryable: boolean; retryAfterMs?: number | undefined };

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  random: Math.random,
  sleep: abortableSleep,
};

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort);
  });
}

/**
 * The wait before retry number `retry` (1 for the first retry): half the doubled delay fixed, half random
 * ("equal jitter"), so clients that failed together do not come back together yet never retry at once.
 */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const doubled = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(doubled / 2 + policy.random() * (doubled / 2));
}

/**
 * The longest Retry-After waited out. A server asking for more (an hour, a day) gets its refusal handed back to the
 * caller at once rather than a call that silently hangs that long.
 */
export const LONGEST_RETRY_AFTER_MS = 60_000;

/**
 * Runs `attempt` up to `maxAttempts` times while it fails retryably. Resolves with the value or the last
 * failure; a wait cut short by `signal` resolves with `onAbort()`'s failure.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  maxAttempts: number,
  attempt: (attemptNumber: number) => Promise<Attempt<T>>,
  signal: AbortSignal | undefined,
  onAbort: () => Attempt<T>,
): Promise<Attempt<T>> {
  let n = 1;
  let outcome = await attempt(n);
  // Retried: a failure another attempt could fix, that asks for no longer a wait than we are willing to make.
  while (n < maxAttempts && !outcome.ok && outcome.retryable && (outcome.retryAfterMs ?? 0) <= LONGEST_RETRY_AFTER_MS) {
    try {
      await policy.sleep(outcome.retryAfterMs ?? backoffDelay(policy, n), signal);
    } catch {
      return onAbort();
    }
    outcome = await attempt(++n);
  }
  return outcome;
}

/** `Retry-After` as milliseconds (Infinity for an endless one): delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  // `1e400` is Infinity seconds: a wait longer than any we make, so the refusal is handed back at once.
  const ms = Number.isNaN(seconds) ? Date.parse(header) - now : seconds * 1000;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}
