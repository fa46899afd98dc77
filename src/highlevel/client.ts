// A configured client as a value: what `createClient` makes for the standalone operation functions of
// `pubnub-files/operations`, and what the PubNub class holds. Running an operation on it is one wrapper, the same
// for both: validation of what plain JavaScript may pass, errors as PubNubErrors, configured secrets hidden.
import { guarded, type CallOptions } from './builder.ts';
import { resolveConfig, type PubNubConfig } from './config.ts';
import { createContext, type Context } from './context.ts';
import { describe } from './describe.ts';
import type { OperationEntry, SetterMap } from './operations/index.ts';
import { PubNubError } from './errors.ts';

const INTERNALS = Symbol('pubnub-files.client');

/** A configured connection to PubNub: make one with `createClient(config)`, then pass it to the operations. */
export interface PubNubClient {
  readonly [INTERNALS]: { readonly context: Context; readonly secrets: readonly string[] };
}

/** Checks `config` and fills in the defaults; throws a `PubNubError` (`PNValidationErrorCategory`) on a bad one. */
export function createClient(config: PubNubConfig): PubNubClient {
  const resolved = resolveConfig(config);
  return {
    [INTERNALS]: {
      context: createContext(resolved),
      secrets: [resolved.authKey, resolved.secretKey].filter((secret) => secret !== undefined),
    },
  };
}

/** What operations run with. */
export function contextOf(client: PubNubClient): Context {
  return client[INTERNALS].context;
}

/** `entry` as a function of a client, with the operation's checks, error shape and secret hiding. */
export function runner<P extends CallOptions, R>(client: PubNubClient, entry: OperationEntry<P, R, SetterMap<P>>) {
  const { context, secrets } = client[INTERNALS];
  return guarded<P, R>(entry.operation, (params, signal) => entry.run(context, params, signal), secrets);
}

/** The standalone function of an operation: `(client, params) => Promise<result>`. */
export function operationFunction<P extends CallOptions, R, S extends SetterMap<P>>(
  entry: OperationEntry<P, R, S>,
): (client: PubNubClient, params: P) => Promise<R> {
  return (client, params) => {
    if (typeof client !== 'object' || client === null || !(INTERNALS in client)) {
      const error = PubNubError.validation(
        entry.operation,
        `Invalid client: expected the result of createClient(config), got ${describe(client)}.`,
      );
      return Promise.reject(error);
    }
    // `null` or a number from plain JavaScript is refused by the runner, as a rejected promise.
    return runner(client, entry as unknown as OperationEntry<P, R, SetterMap<P>>)(
      params,
      (params as Partial<P> | null)?.signal,
    );
  };
}
