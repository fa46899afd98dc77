// This SDK pointed at a running emulator, and the waiting aids the subscribe tests need. No timers: a test waits
// for the thing itself (a status, an event, a request), and vitest's test timeout is the only clock.
import type { RunningEmulator } from '../../src/emulator/index.ts';
import type { FileEvent } from '../../src/highlevel/subscribe/file-event.ts';
import type { SubscriptionStatus } from '../../src/highlevel/subscribe/poll-loop.ts';
import { PubNub, type PubNubConfig } from '../../src/index.ts';
import { PUB_KEY, SUB_KEY } from './emulator-harness.ts';

export function sdkFor(emulator: RunningEmulator, options: Partial<PubNubConfig> = {}): PubNub {
  return new PubNub({
    origin: emulator.origin,
    ssl: false,
    publishKey: PUB_KEY,
    subscribeKey: SUB_KEY,
    userId: 'sdk-user',
    ...options,
  });
}

/** Calls waiting on a growing list: `until(done)` resolves once `done()` holds after some `changed()`. */
function waitable() {
  const waiters: Array<() => void> = [];
  return {
    changed(): void {
      for (const waiter of waiters.splice(0)) waiter();
    },
    async until(done: () => boolean): Promise<void> {
      while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

export interface RecordedRequest {
  url: URL;
  signal: AbortSignal;
  /** The response (or the failure) has arrived. */
  settled: boolean;
}

/** A fetch that remembers every request (and its signal, to see it aborted later). */
export function recordingFetch() {
  const requests: RecordedRequest[] = [];
  const wait = waitable();
  const fetchImpl = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const recorded: RecordedRequest = { url: new URL(request.url), signal: request.signal, settled: false };
    requests.push(recorded);
    wait.changed();
    const settle = (): void => {
      recorded.settled = true;
      wait.changed();
    };
    const response = globalThis.fetch(request);
    response.then(settle, settle);
    return response;
  };
  return {
    fetch: fetchImpl as typeof fetch,
    requests,
    /** The subscribe requests so far. */
    polls: () => requests.filter((r) => r.url.pathname.startsWith('/v2/subscribe/')),
    /** Subscribe requests still waiting for their answer and not aborted. */
    openPolls: () =>
      requests.filter((r) => r.url.pathname.startsWith('/v2/subscribe/') && !r.settled && !r.signal.aborted),
    /** Resolves once `done(requests)` holds. */
    until: (done: (all: RecordedRequest[]) => boolean) => wait.until(() => done(requests)),
  };
}

/** Adds a listener that records what it hears and lets a test wait for file events or a status. */
export function listen(pubnub: PubNub) {
  const events: FileEvent[] = [];
  const statuses: SubscriptionStatus[] = [];
  const wait = waitable();
  const listener = {
    file(event: FileEvent) {
      events.push(event);
      wait.changed();
    },
    status(status: SubscriptionStatus) {
      statuses.push(status);
      wait.changed();
    },
  };
  pubnub.addListener(listener);
  return {
    listener,
    events,
    statuses,
    /** Resolves with the first `count` file events once they have arrived. */
    async waitForEvents(count: number): Promise<FileEvent[]> {
      await wait.until(() => events.length >= count);
      return events.slice(0, count);
    },
    /** Resolves with the first status of `category` among those heard from index `from` on. */
    async waitForStatus(category: SubscriptionStatus['category'], from = 0): Promise<SubscriptionStatus> {
      const find = () => statuses.slice(from).find((s) => s.category === category);
      await wait.until(() => find() !== undefined);
      return find()!;
    },
  };
}
