// The poll loop's controls, usable at once, with the loop itself (the long poll, reconnection, file-event reading)
// imported on the first `update()`. An app that never subscribes does not download it: bundlers put a dynamic
// import in a chunk of its own, fetched only when it runs.
import type { Context } from '../context.ts';
import { PubNubError } from '../errors.ts';
import type { LoopHandlers, PollLoop } from './poll-loop.ts';

export class LazyPollLoop {
  #loop: PollLoop | undefined;
  #loading: Promise<void> | undefined;
  /** Whether the loop should be running once loaded: `update()` was called since the last `stop()`. */
  #wanted = false;

  constructor(
    private readonly context: Context,
    private readonly handlers: LoopHandlers,
  ) {}

  get polling(): boolean {
    return this.#loop?.polling ?? this.#wanted;
  }

  /** As `PollLoop.update`: starts polling (once the loop is loaded), or moves the held poll to the channels now wanted. */
  update(): void {
    if (this.#loop !== undefined) return this.#loop.update();
    this.#wanted = true;
    this.#loading ??= import('./poll-loop.ts').then(
      ({ PollLoop }) => {
        this.#loop = new PollLoop(this.context, this.handlers);
        if (this.#wanted) this.#loop.update();
      },
      (thrown: unknown) => this.#loadFailed(thrown),
    );
  }

  /** As `PollLoop.stop`: no event is delivered after this returns, and a loop still loading does not start. */
  stop(): void {
    this.#wanted = false;
    this.#loop?.stop();
  }

  // In a browser the chunk comes over the network: its failure ends the subscription like a refusal would, and
  // subscribing again tries the import again.
  #loadFailed(thrown: unknown): void {
    this.#loading = undefined;
    if (!this.#wanted) return;
    this.#wanted = false;
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    const error = new PubNubError(`Subscribe failed: the subscribe code could not be loaded (${reason})`, {
      category: 'PNNetworkIssuesCategory',
      operation: 'PNSubscribeOperation',
    });
    this.handlers.onStatus({
      error: true,
      category: 'PNNetworkIssuesCategory',
      operation: 'PNSubscribeOperation',
      subscribedChannels: [...this.handlers.channels()],
    });
    this.handlers.onEnd?.(error);
  }
}
