// The long-poll loop behind both the listener API and fileEvents: a handshake (tt=0), then tt/tr from each answer.
// It outlives network and server failures (backoff with jitter, then a handshake to learn at once that the service
// is back, then polls from the kept cursor so nothing published meanwhile is lost), ends on a refusal retrying
// cannot fix (403, 400), and stops at once when told: the held request is aborted and a backoff wait is cut short,
// so no timer or socket outlives it.
import type { Context } from '../context.ts';
import { hidingSecrets, PubNubError, type Status, type StatusCategory, thrownText } from '../errors.ts';
import { backoffDelay, LONGEST_RETRY_AFTER_MS, type RetryPolicy } from '../retry.ts';
import { FILE_EVENT_TYPE, toFileEvent, type FileEvent } from './file-event.ts';
import { HANDSHAKE, poll, type Cursor } from './poll.ts';

/** What status listeners are told about the subscription: connected, network issues, reconnected, refused, … */
export interface SubscriptionStatus extends Status {
  operation: 'PNSubscribeOperation';
  /** The channels the loop was polling when this happened. */
  subscribedChannels: string[];
}

export interface LoopHandlers {
  /** Read before every poll: a change takes effect with the next poll (see `update`). */
  channels(): readonly string[];
  onFileEvent(event: FileEvent): void;
  /** `error` is the failure an error status reports. */
  onStatus(status: SubscriptionStatus, error?: PubNubError): void;
  /** The loop ended by itself: the service refused it (403, 400), or a bug. Not called after `stop()`. */
  onEnd?(error: PubNubError): void;
}

const FATAL: ReadonlySet<StatusCategory> = new Set(['PNAccessDeniedCategory', 'PNBadRequestCategory']);

/**
 * The shortest wait before reconnecting, whatever the retry policy or a Retry-After says. A call gives up after
 * `maxAttempts`; the loop retries network and server failures for as long as it runs, so a zero wait
 * (`baseDelayMs: 0`, `Retry-After: 0`) would re-poll a dead server in a hot loop. 1 s holds a client to one request a
 * second against a service that is down, yet reports its recovery promptly; the official SDK refuses retry delays
 * under 2 s.
 */
const MIN_RECONNECT_DELAY_MS = 1_000;

/**
 * The policy's backoff from a base of at least twice the floor, so that equal jitter, which keeps at least half,
 * still spreads clients that failed together above it. The policy's maximum still caps the wait, unless under the
 * floor. A Retry-After is honoured up to a minute (as calls honour it): a longer one would leave the subscription
 * silent for that long, so the loop asks again after a minute instead.
 */
function reconnectDelay(policy: RetryPolicy, failures: number, retryAfterMs: number | undefined): number {
  const baseDelayMs = Math.max(policy.baseDelayMs, 2 * MIN_RECONNECT_DELAY_MS);
  const wait =
    retryAfterMs === undefined
      ? backoffDelay({ ...policy, baseDelayMs }, failures)
      : Math.min(retryAfterMs, LONGEST_RETRY_AFTER_MS);
  return Math.max(MIN_RECONNECT_DELAY_MS, wait);
}

export class PollLoop {
  #session: AbortController | undefined;
  #request: AbortController | undefined;

  constructor(
    private readonly context: Context,
    private readonly handlers: LoopHandlers,
  ) {}

  get polling(): boolean {
    return this.#session !== undefined;
  }

  /** Starts polling, or, when already polling, moves the held poll to the channels now wanted (same cursor). */
  update(): void {
    if (this.#session !== undefined) {
      this.#request?.abort();
      return;
    }
    const session = new AbortController();
    this.#session = session;
    this.#run(session.signal)
      .catch((thrown: unknown) => {
        if (!session.signal.aborted) this.#failed(thrown);
      })
      .finally(() => {
        if (this.#session === session) this.#session = undefined;
      });
  }

  /** Stops polling now; no event is delivered after this returns. */
  stop(): void {
    this.#session?.abort();
    this.#request?.abort();
    this.#session = undefined;
  }

  async #run(stopped: AbortSignal): Promise<void> {
    const policy = this.context.config.retryPolicy;
    let cursor: Cursor = HANDSHAKE;
    let connected = false;
    let failures = 0;
    while (!stopped.aborted) {
      const channels = [...this.handlers.channels()];
      const request = new AbortController();
      this.#request = request;
      // After a failure the next try is a handshake: it answers at once, so a recovery is reported now rather than
      // when a held poll ends. The loop then goes on from its own cursor, so nothing published meanwhile is lost.
      const probing = failures > 0;
      const attempt = await poll(this.context, channels, probing ? HANDSHAKE : cursor, request.signal);
      if (stopped.aborted) return;
      if (request.signal.aborted) continue;
      if (!attempt.ok) {
        // Listeners and a fileEvents iterator get it as it is: no configured secret in it, as for any call.
        const { authKey, secretKey } = this.context.config;
        const error = hidingSecrets(attempt.error, [authKey, secretKey]);
        if (FATAL.has(error.status.category)) {
          this.stop();
          this.#status(channels, error.status.category, error);
          this.handlers.onEnd?.(error);
          return;
        }
        // Our timeout fired on a held poll although the server normally answers before it: just ask again. A handshake
        // that timed out (the service is unreachable) and an HTTP 408 (a proxy's, say) are waited out like any failure,
        // or the loop would re-poll without pause.
        const heldPoll = !probing && cursor !== HANDSHAKE;
        if (heldPoll && error.status.category === 'PNTimeoutCategory' && error.status.statusCode === undefined)
          continue;
        failures += 1;
        if (failures === 1) this.#status(channels, error.status.category, error);
        try {
          await policy.sleep(reconnectDelay(policy, failures, attempt.retryAfterMs), stopped);
        } catch {
          return;
        }
        continue;
      }
      if (!connected) this.#status(channels, 'PNConnectedCategory');
      else if (probing) this.#status(channels, 'PNReconnectedCategory');
      connected = true;
      failures = 0;
      if (probing && cursor !== HANDSHAKE) continue;
      cursor = attempt.value.cursor;
      for (const item of attempt.value.items) {
        // Items are the publishers' to shape: a `null` among them is skipped like any item of another type.
        if ((item as typeof item | null)?.e !== FILE_EVENT_TYPE) continue;
        const event = await toFileEvent(this.context, item);
        if (stopped.aborted) return;
        this.handlers.onFileEvent(event);
      }
    }
  }

  #status(channels: string[], category: StatusCategory, error?: PubNubError): void {
    const status: SubscriptionStatus = {
      error: error !== undefined,
      category,
      operation: 'PNSubscribeOperation',
      subscribedChannels: channels,
      ...(error?.status.statusCode === undefined ? {} : { statusCode: error.status.statusCode }),
      ...(error?.status.errorData === undefined ? {} : { errorData: error.status.errorData }),
    };
    this.handlers.onStatus(status, error);
  }

  // Only a bug can get here (every request failure is an Attempt): say so instead of dying silently.
  #failed(thrown: unknown): void {
    const reason = thrownText(thrown);
    const error = new PubNubError(`Subscribe stopped: unexpected failure (${reason})`, {
      category: 'PNUnknownCategory',
      operation: 'PNSubscribeOperation',
    });
    this.#status([...this.handlers.channels()], 'PNUnknownCategory', error);
    this.handlers.onEnd?.(error);
  }
}
