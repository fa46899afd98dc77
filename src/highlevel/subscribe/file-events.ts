// `pubnub.fileEvents(channels, { signal })`: file events as an async iterator, on a poll loop of its own (listeners
// and other iterators do not see its events, and it does not see theirs). It polls from the call on, not from the
// first `next()`, so a file shared between the two is not missed.
import type { Context } from '../context.ts';
import { PubNubError } from '../errors.ts';
import { checkChannels } from './channels.ts';
import type { FileEvent } from './file-event.ts';
import { PollLoop } from './poll-loop.ts';

export interface FileEventsOptions {
  /** Ends the iteration (normally, without an error) and the poll at once. */
  signal?: AbortSignal;
}

export type FileEventStream = AsyncGenerator<FileEvent, void, undefined> & {
  /**
   * Resolves once the service has answered the handshake: files shared from then on are delivered. Rejects with the
   * `PubNubError` when the subscription is refused or cancelled first, or when the first handshake fails (no answer
   * within `requestTimeout`, a network error, a 5xx): the iteration itself goes on retrying and delivers once the
   * service is back.
   */
  connected: Promise<void>;
};

/** Iterating ends when `signal` aborts or the loop is left (`break`); a refusal (403, 400) is thrown from it. */
export function fileEvents(context: Context, channels: unknown, options: FileEventsOptions = {}): FileEventStream {
  const wanted = checkChannels(channels);
  const { signal } = options;
  const queue: FileEvent[] = [];
  let failure: PubNubError | undefined;
  let ended = false;
  let wake = (): void => {};
  let settle = { resolve: (): void => {}, reject: (_: PubNubError): void => {} };
  const connected = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Marks the promise handled: a caller that never awaits it must not get an unhandled rejection.
  connected.catch(() => {});

  const loop = new PollLoop(context, {
    channels: () => wanted,
    onFileEvent: (event) => {
      queue.push(event);
      wake();
    },
    onStatus: (status, error) => {
      if (status.category === 'PNConnectedCategory') settle.resolve();
      // The first handshake failed (the service is unreachable, say): the loop retries on, but `connected` says so now.
      else if (error !== undefined) settle.reject(error);
    },
    onEnd: (error) => {
      failure = error;
      finish(error);
    },
  });

  function finish(reason: PubNubError): void {
    ended = true;
    loop.stop();
    signal?.removeEventListener('abort', onAbort);
    settle.reject(reason);
    wake();
  }
  function onAbort(): void {
    queue.length = 0;
    finish(PubNubError.cancelled('PNSubscribeOperation', signal));
  }

  async function* events(): AsyncGenerator<FileEvent, void, undefined> {
    try {
      for (;;) {
        const next = queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (failure !== undefined) throw failure;
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = () => {};
      }
    } finally {
      if (!ended) finish(PubNubError.cancelled('PNSubscribeOperation'));
    }
  }

  if (signal?.aborted) onAbort();
  else {
    signal?.addEventListener('abort', onAbort, { once: true });
    loop.update();
  }
  const iterator = events();
  // A generator returned before its first next() never enters its `finally`: the loop is stopped here as well.
  const close = iterator.return.bind(iterator);
  iterator.return = (value) => {
    if (!ended) finish(PubNubError.cancelled('PNSubscribeOperation'));
    return close(value);
  };
  return Object.assign(iterator, { connected });
}
