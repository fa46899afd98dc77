// The listener API and fileEvents as the PubNub class offers them, with the subscribe machinery (the subscription's
// channels, the long-poll loop, reading file events) imported the first time one of them is used. An app that never
// subscribes does not download it: bundlers put a dynamic import in a chunk of its own. What the caller must see at
// once still happens at once: channel lists are checked when given, and listeners are kept here.
import type { Context } from '../context.ts';
import { PubNubError } from '../errors.ts';
import { onDemand } from '../on-demand.ts';
import { checkChannels } from './channels.ts';
import type { FileEventsOptions, FileEventStream } from './file-events.ts';
import { notifyEach, type Listener, type SubscribeParams } from './listeners.ts';
import type { SubscriptionStatus } from './poll-loop.ts';
import type { Subscription } from './subscription.ts';

export class OnDemandSubscribe {
  readonly #listeners = new Set<Listener>();
  #subscription: Subscription | undefined;
  /** Calls made while the subscription's code is on its way, replayed in order when it arrives. */
  #waiting: Array<(subscription: Subscription) => void> | undefined;

  constructor(private readonly context: Context) {}

  addListener(listener: Listener): void {
    // Checked now: a bad one would throw at every later event, outside any caller's reach.
    const { file, status } = typeof listener === 'object' && listener !== null ? listener : { file: 0, status: 0 };
    if ((file !== undefined && typeof file !== 'function') || (status !== undefined && typeof status !== 'function')) {
      throw PubNubError.validation(
        'PNSubscribeOperation',
        'Invalid listener: expected an object whose file and status, when given, are functions.',
      );
    }
    this.#listeners.add(listener);
  }

  removeListener(listener: Listener): void {
    this.#listeners.delete(listener);
  }

  subscribe(params: Partial<SubscribeParams> | undefined): void {
    const channels = checkChannels(params?.channels);
    this.#withSubscription((subscription) => subscription.subscribe(channels));
  }

  unsubscribe(params: Partial<SubscribeParams> | undefined): void {
    const channels = checkChannels(params?.channels);
    if (this.#subscribing) this.#withSubscription((subscription) => subscription.unsubscribe(channels));
  }

  unsubscribeAll(): void {
    if (this.#subscribing) this.#withSubscription((subscription) => subscription.unsubscribeAll());
  }

  /** The iterator of `file-events.ts`, returned at once: it polls as soon as its code arrives, not from `next()`. */
  fileEvents(channels: unknown, options: FileEventsOptions = {}): FileEventStream {
    const wanted = checkChannels(channels);
    const stream = this.#machinery('PNSubscribeOperation').then(({ fileEvents }) =>
      fileEvents(this.context, wanted, options),
    );
    const connected = stream.then((events) => events.connected);
    // Marks the promise handled: a caller that never awaits it must not get an unhandled rejection.
    connected.catch(() => {});
    // Each call goes to the stream once it is there: unlike a generator wrapping it, one returned before its first
    // next() still reaches the stream, which polls from the moment it is made.
    const iterator: FileEventStream = {
      next: () => stream.then((inner) => inner.next()),
      return: (value) => stream.then((inner) => inner.return(value)),
      throw: (error) => stream.then((inner) => inner.throw(error)),
      [Symbol.asyncIterator]: () => iterator,
      connected,
    };
    return iterator;
  }

  /** Before the first subscribe there is nothing to unsubscribe from, and nothing to load for it. */
  get #subscribing(): boolean {
    return this.#subscription !== undefined || this.#waiting !== undefined;
  }

  #withSubscription(call: (subscription: Subscription) => void): void {
    if (this.#subscription !== undefined) return call(this.#subscription);
    if (this.#waiting !== undefined) {
      this.#waiting.push(call);
      return;
    }
    const waiting = [call];
    this.#waiting = waiting;
    this.#machinery('PNSubscribeOperation').then(
      ({ Subscription }) => {
        const subscription = new Subscription(this.context, this.#listeners);
        // A listener called meanwhile may subscribe again: its call joins `waiting` and is replayed too.
        for (const waited of waiting) waited(subscription);
        this.#subscription = subscription;
        this.#waiting = undefined;
      },
      (error: PubNubError) => {
        this.#waiting = undefined;
        // No loop ran, so no channel was being polled.
        const status: SubscriptionStatus = {
          ...error.status,
          operation: 'PNSubscribeOperation',
          subscribedChannels: [],
        };
        notifyEach(this.#listeners, (listener) => listener.status?.(status));
      },
    );
  }

  // A failed import ends the subscription like a refusal would; the next use imports again.
  readonly #machinery = onDemand(() => import('./machinery.ts'));
}

/** `pubnub.subscribe().channels([...]).execute()`: the builder form of `subscribe({ channels })`. */
export class SubscribeBuilder {
  readonly #params: Partial<SubscribeParams> = {};

  constructor(private readonly run: (params: Partial<SubscribeParams>) => void) {}

  channels(channels: string[]): this {
    this.#params.channels = channels;
    return this;
  }

  /** Starts receiving; events and statuses go to the listeners added with `addListener`. */
  execute(): void {
    this.run({ ...this.#params });
  }
}
