// The SDK's entry point. Every method of the table of operations (`operations/index.ts`) has two forms over one
// implementation: without arguments it returns a builder (`.future()` / `.result()`), with a params object it
// returns the result's Promise. Subscribing is loaded on first use (`subscribe/on-demand.ts`).
import { createBuilder } from './builder.ts';
import { IterateFilesBuilder, type BuilderOf } from './builders.ts';
import { contextOf, createClient, runner, type PubNubClient } from './client.ts';
import type { PubNubConfig } from './config.ts';
import {
  OPERATIONS,
  type OperationEntry,
  type OperationName,
  type ParamsOf,
  type ResultOf,
  type SetterMap,
} from './operations/index.ts';
import { iterateFiles, type IterateFilesParams } from './operations/iterate-files.ts';
import type { FileInfo, ListFilesParams } from './operations/list-files.ts';
import type { FileEventsOptions, FileEventStream } from './subscribe/file-events.ts';
import type { Listener, SubscribeParams } from './subscribe/listeners.ts';
import { OnDemandSubscribe, SubscribeBuilder } from './subscribe/on-demand.ts';

/** The two forms of each operation's method. */
type OperationMethods = {
  [N in OperationName]: {
    (): BuilderOf<N>;
    (params: ParamsOf<N>): Promise<ResultOf<N>>;
  };
};

// The methods themselves are added to the prototype from the table (the class's static block).
export interface PubNub extends OperationMethods {}

/**
 * The PubNub File Sharing client.
 *
 * @example
 * const pubnub = new PubNub({ subscribeKey: 'sub-c-…', publishKey: 'pub-c-…', userId: 'alice' });
 * const { fileId, name } = await pubnub.sendFile({ channel: 'room', fileName: 'map.png', file: blob });
 */
export class PubNub {
  static {
    for (const name of Object.keys(OPERATIONS) as OperationName[]) {
      // Made as a named method, so stack traces and `pubnub.sendFile.name` say `sendFile`.
      const { [name]: method } = {
        [name](this: PubNub, params?: ParamsOf<typeof name>) {
          return this.#call(name, params);
        },
      };
      Object.defineProperty(PubNub.prototype, name, { value: method, writable: true, configurable: true });
    }
  }

  readonly #client: PubNubClient;
  readonly #subscribe: OnDemandSubscribe;

  /** Throws a `PubNubError` (`PNValidationErrorCategory`) when `subscribeKey` or `userId` is missing. */
  constructor(config: PubNubConfig) {
    this.#client = createClient(config);
    this.#subscribe = new OnDemandSubscribe(contextOf(this.#client));
  }

  /**
   * Every file of a channel: follows the pages' `next` tokens, asking for a page only once the previous one has been
   * consumed, until one says there is no more. Each page is a listFiles call (same checks, retries and errors, thrown
   * from the loop); `signal` cancels the page in flight.
   *
   * @example
   * for await (const file of pubnub.iterateFiles({ channel: 'room', limit: 50 })) console.log(file.name, file.size);
   */
  iterateFiles(): IterateFilesBuilder;
  iterateFiles(params: IterateFilesParams): AsyncGenerator<FileInfo, void, undefined>;
  iterateFiles(params?: IterateFilesParams): IterateFilesBuilder | AsyncGenerator<FileInfo, void, undefined> {
    const walk = (p: Partial<IterateFilesParams>) => iterateFiles((page) => this.listFiles(page as ListFilesParams), p);
    return params === undefined ? new IterateFilesBuilder(walk) : walk(params);
  }

  /** Receives file events (`file`) and subscription statuses (`status`) of the channels given to `subscribe`. */
  addListener(listener: Listener): void {
    this.#subscribe.addListener(listener);
  }

  removeListener(listener: Listener): void {
    this.#subscribe.removeListener(listener);
  }

  /**
   * Starts (or widens) the long poll that delivers file events to the listeners. Throws a validation `PubNubError`
   * on an empty channel list. A `status` listener hears `PNConnectedCategory` once the subscription is live.
   */
  subscribe(): SubscribeBuilder;
  subscribe(params: SubscribeParams): void;
  subscribe(params?: SubscribeParams): SubscribeBuilder | void {
    if (params === undefined) return new SubscribeBuilder((p) => this.#subscribe.subscribe(p));
    this.#subscribe.subscribe(params);
  }

  unsubscribe(params: SubscribeParams): void {
    this.#subscribe.unsubscribe(params);
  }

  /** Stops the long poll at once (the held request is aborted); listeners hear `PNDisconnectedCategory`. */
  unsubscribeAll(): void {
    this.#subscribe.unsubscribeAll();
  }

  /**
   * File events of `channels` as an async iterator, independent of the listeners; ends when `signal` aborts or the
   * loop is left. Await `.connected` before sharing a file you expect to see.
   *
   * @example
   * for await (const event of pubnub.fileEvents(['room'], { signal })) console.log(event.file?.name, event.message);
   */
  fileEvents(channels: string[], options?: FileEventsOptions): FileEventStream {
    return this.#subscribe.fileEvents(channels, options);
  }

  #call<N extends OperationName>(name: N, params: ParamsOf<N> | undefined): BuilderOf<N> | Promise<ResultOf<N>> {
    const entry = OPERATIONS[name] as unknown as OperationEntry<ParamsOf<N>, ResultOf<N>, SetterMap<ParamsOf<N>>>;
    const run = runner(this.#client, entry);
    return params === undefined
      ? (createBuilder(entry.operation, run, entry.setters) as unknown as BuilderOf<N>)
      : // `null` or a number from plain JavaScript is refused by `run`, as a rejected promise.
        run(params, (params as Partial<ParamsOf<N>> | null)?.signal);
  }
}
