// The listener API's subscription: one poll loop per client over the union of subscribed channels, fanned out to
// every listener. Loaded on first subscribe by `on-demand.ts`, which has checked the channels and keeps the listeners.
import type { Context } from '../context.ts';
import { notifyEach, type Listener } from './listeners.ts';
import { PollLoop } from './poll-loop.ts';

export class Subscription {
  readonly #channels = new Set<string>();
  readonly #loop: PollLoop;

  constructor(
    context: Context,
    private readonly listeners: ReadonlySet<Listener>,
  ) {
    this.#loop = new PollLoop(context, {
      channels: () => [...this.#channels],
      onFileEvent: (event) => notifyEach(this.listeners, (listener) => listener.file?.(event)),
      onStatus: (status) => notifyEach(this.listeners, (listener) => listener.status?.(status)),
    });
  }

  subscribe(channels: string[]): void {
    const before = this.#channels.size;
    for (const channel of channels) this.#channels.add(channel);
    // Also after a refusal ended the loop: subscribing again (say, with a new token) is how to retry.
    if (this.#channels.size !== before || !this.#loop.polling) this.#loop.update();
  }

  unsubscribe(channels: string[]): void {
    const removed = channels.filter((channel) => this.#channels.delete(channel));
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
    notifyEach(this.listeners, (listener) =>
      listener.status?.({
        error: false,
        category: 'PNDisconnectedCategory',
        operation: 'PNSubscribeOperation',
        subscribedChannels: left,
      }),
    );
  }
}
