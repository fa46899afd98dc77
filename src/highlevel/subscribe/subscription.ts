// The listener API: one poll loop per client over the union of subscribed channels, fanned out to every listener.
import type { Context } from '../context.ts';
import { checkChannels } from './channels.ts';
import type { FileEvent } from './file-event.ts';
import { LazyPollLoop } from './lazy-poll-loop.ts';
import type { SubscriptionStatus } from './poll-loop.ts';

/** Callbacks for `addListener`. A listener that throws does not stop the others nor the subscription. */
export interface Listener {
  file?(event: FileEvent): void;
  status?(status: SubscriptionStatus): void;
}

export interface SubscribeParams {
  channels: string[];
}

export class Subscription {
  readonly #listeners = new Set<Listener>();
  readonly #channels = new Set<string>();
  readonly #loop: LazyPollLoop;

  constructor(context: Context) {
    this.#loop = new LazyPollLoop(context, {
      channels: () => [...this.#channels],
      onFileEvent: (event) => this.#notify((listener) => listener.file?.(event)),
      onStatus: (status) => this.#notify((listener) => listener.status?.(status)),
    });
  }

  addListener(listener: Listener): void {
    this.#listeners.add(listener);
  }

  removeListener(listener: Listener): void {
    this.#listeners.delete(listener);
  }

  subscribe(params: Partial<SubscribeParams> | undefined): void {
    const before = this.#channels.size;
    for (const channel of checkChannels(params?.channels)) this.#channels.add(channel);
    // Also after a refusal ended the loop: subscribing again (say, with a new token) is how to retry.
    if (this.#channels.size !== before || !this.#loop.polling) this.#loop.update();
  }

  unsubscribe(params: Partial<SubscribeParams> | undefined): void {
    const removed = checkChannels(params?.channels).filter((channel) => this.#channels.delete(channel));
    if (removed.length === 0) return;
    if (this.#channels.size === 0) this.#disconnect(removed);
    else this.#loop.update();
  }

  unsubscribeAll(): void {
    if (this.#channels.size === 0) return;
    const left = [...this.#channels];
    this.#channels.clear();
    this.#disconnect(left);
  }

  #disconnect(left: string[]): void {
    this.#loop.stop();
    this.#notify((listener) =>
      listener.status?.({ error: false, category: 'PNDisconnectedCategory', operation: 'PNSubscribeOperation', subscribedChannels: left }),
    );
  }

  // An exception from user code surfaces as uncaught, like an EventEmitter listener's, but only after every other
  // listener has been called and without ending the poll loop.
  #notify(call: (listener: Listener) => void): void {
    for (const listener of [...this.#listeners]) {
      try {
        call(listener);
      } catch (thrown) {
        queueMicrotask(() => {
          throw thrown;
        });
      }
    }
  }
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
