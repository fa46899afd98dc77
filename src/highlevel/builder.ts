// The one machinery behind every method: the builder chain and the params form both end in the same
// `run(params, signal)`; `.future()` turns its outcome into an Envelope, `.result()` passes it through.
import { describe } from './describe.ts';
import { hidingSecrets, PubNubError, type Operation, type Status } from './errors.ts';

/** Settled outcome of a call: check `status.error` (or `result !== null`) before using `result`. */
export type Envelope<R> =
  { result: R; status: Status & { error: false } } | { result: null; status: Status & { error: true } };

/** Present on every params object: cancels the call when aborted. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** An operation's implementation: validates `params` itself (they may be incomplete) and throws only PubNubError. */
export type Run<P, R> = (params: Partial<P>, signal: AbortSignal | undefined) => Promise<R>;

/**
 * Wraps `run` so that whatever it throws comes out as a PubNubError for `operation` that shows no configured secret
 * (auth key, secret key) verbatim, even where a server echoed one outside a URL (`hidingSecrets`).
 */
export function guarded<P, R>(operation: Operation, run: Run<P, R>, secrets: readonly string[]): Run<P, R> {
  return async (params, signal) => {
    try {
      // From plain JavaScript anything may arrive; each operation reads its params' fields and the signal's state.
      if (typeof params !== 'object' || params === null) {
        throw PubNubError.validation(operation, `Invalid params: expected an object, got ${describe(params)}.`);
      }
      // Read by shape, not `instanceof`: a signal made in another realm (an iframe's) is an AbortSignal all the same.
      if (signal !== undefined && typeof (signal as Partial<AbortSignal> | null)?.addEventListener !== 'function') {
        throw PubNubError.validation(operation, `Invalid signal: expected an AbortSignal, got ${describe(signal)}.`);
      }
      return await run(params, signal);
    } catch (thrown) {
      const error = thrown instanceof PubNubError ? thrown : PubNubError.unexpected(operation, thrown);
      throw hidingSecrets(error, secrets);
    }
  };
}

/** Setter name → the params field it sets (see `operations/index.ts`). */
export type Setters = Readonly<Record<string, string>>;

/** A builder: one chaining setter per entry of `S` (setter name → params field), plus `signal`, `result`, `future`. */
export type Builder<P, R, S extends Setters> = RequestBuilder<P, R> & {
  [Name in keyof S]: (value: Exclude<P[S[Name] & keyof P], undefined>) => Builder<P, R, S>;
};

/** What every builder has; the setters of its operation are added when it is made (`createBuilder`). */
export class RequestBuilder<P, R> {
  readonly #operation: Operation;
  readonly #run: Run<P, R>;
  readonly #params: Partial<P> = {};
  #signal: AbortSignal | undefined;

  constructor(operation: Operation, run: Run<P, R>, setters: Setters) {
    this.#operation = operation;
    this.#run = run;
    for (const [setter, field] of Object.entries(setters)) {
      Object.defineProperty(this, setter, {
        value: (value: P[keyof P]) => {
          this.#params[field as keyof P] = value;
          return this;
        },
      });
    }
  }

  /** Cancels the call when `signal` aborts (status category `PNCancelledCategory`). */
  signal(signal: AbortSignal): this {
    this.#signal = signal;
    return this;
  }

  /** Resolves with the result; rejects with a `PubNubError` whose `status` says what failed. */
  result(): Promise<R> {
    return this.#run({ ...this.#params }, this.#signal);
  }

  /** Never rejects: resolves with `{result, status}`, `result` null and `status.error` true on failure. */
  async future(): Promise<Envelope<R>> {
    try {
      const result = await this.result();
      return { result, status: { error: false, category: 'PNAcknowledgmentCategory', operation: this.#operation } };
    } catch (thrown) {
      // `result()` rejects only with a PubNubError (the run is wrapped by `guarded`); should anything else come, it is
      // still reported as a status rather than thrown.
      const error = thrown instanceof PubNubError ? thrown : PubNubError.unexpected(this.#operation, thrown);
      return { result: null, status: error.status as Status & { error: true } };
    }
  }
}

export function createBuilder<P, R, S extends Setters>(
  operation: Operation,
  run: Run<P, R>,
  setters: S,
): Builder<P, R, S> {
  return new RequestBuilder(operation, run, setters) as Builder<P, R, S>;
}
