// What the listener API hands to user code, shared by `on-demand.ts` (which keeps the listeners) and the
// subscription it loads (which calls them).
import type { FileEvent } from './file-event.ts';
import type { SubscriptionStatus } from './poll-loop.ts';

/** Callbacks for `addListener`. A listener that throws does not stop the others nor the subscription. */
export interface Listener {
  file?(event: FileEvent): void;
  status?(status: SubscriptionStatus): void;
}

export interface SubscribeParams {
  channels: string[];
}

/**
 * Calls every listener, even when one throws. The exception from user code surfaces as uncaught, like an
 * EventEmitter listener's, but only after every other listener has been called and without ending the poll loop.
 */
export function notifyEach(listeners: ReadonlySet<Listener>, call: (listener: Listener) => void): void {
  for (const listener of [...listeners]) {
    try {
      call(listener);
    } catch (thrown) {
      queueMicrotask(() => {
        throw thrown;
      });
    }
  }
}
