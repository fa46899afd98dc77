import { matchesFilter } from './filter-evaluate.ts';
import type { FilterExpression } from './filter-syntax.ts';

/**
 * Fan-out of published messages to subscribe long polls (docs/protocol.md A2 op 7). A poll names a cursor timetoken and
 * gets every buffered message on its channels published after it, or waits for the next one, or gives up after the
 * hold time with its cursor unchanged.
 */

export interface PublishedMessage {
  subKey: string;
  channel: string;
  timetoken: string;
  /** 0 a plain message, 4 a file message. */
  type: 0 | 4;
  payload: unknown;
  publisher: string;
  meta?: unknown;
  customMessageType?: string;
}

export interface PollResult {
  timetoken: string;
  messages: PublishedMessage[];
}

/** What the hub is doing, for the emulator's own tests (see `SubscribeHub.until`). */
export interface HubActivity {
  /** Polls that reached the hub, answered or not. */
  received: number;
  /** Polls registered and waiting now. */
  held: number;
}

interface Waiter {
  subKey: string;
  channels: ReadonlySet<string>;
  since: bigint;
  filter: FilterExpression | undefined;
  finish(result: PollResult): void;
}

/** Enough history for a reconnecting subscriber to catch up, bounded so a busy emulator does not grow forever. */
const BUFFERED_PER_KEY = 1000;
const MAX_PER_RESPONSE = 100;

export class SubscribeHub {
  private readonly buffers = new Map<string, PublishedMessage[]>();
  private readonly waiters = new Set<Waiter>();
  private readonly watchers = new Set<() => void>();
  private readonly publishListeners = new Set<(message: PublishedMessage) => void>();
  private received = 0;
  private closed = false;

  constructor(private readonly holdMs: number) {}

  publish(message: PublishedMessage): void {
    const buffer = this.buffers.get(message.subKey) ?? [];
    buffer.push(message);
    if (buffer.length > BUFFERED_PER_KEY) buffer.splice(0, buffer.length - BUFFERED_PER_KEY);
    this.buffers.set(message.subKey, buffer);
    for (const listener of this.publishListeners) listener(message);
    for (const waiter of this.waiters) {
      if (waiter.subKey !== message.subKey || !waiter.channels.has(message.channel)) continue;
      const result = this.collect(waiter.subKey, waiter.channels, waiter.since, waiter.filter);
      if (result !== undefined) waiter.finish(result);
    }
  }

  /** Calls `listener` with every message published from now on (the dashboard's live events); returns the unsubscribe. */
  onPublish(listener: (message: PublishedMessage) => void): () => void {
    this.publishListeners.add(listener);
    return () => this.publishListeners.delete(listener);
  }

  /**
   * Messages on `channels` after `since`, or the next ones. With a `filter`, only the messages that pass it: the
   * others neither answer a held poll nor move its cursor.
   */
  poll(
    subKey: string,
    channels: readonly string[],
    since: string,
    signal: AbortSignal,
    filter?: FilterExpression,
  ): Promise<PollResult> {
    this.received++;
    this.changed();
    const channelSet = new Set(channels);
    const cursor = BigInt(since);
    const ready = this.collect(subKey, channelSet, cursor, filter);
    if (ready !== undefined) return Promise.resolve(ready);
    // A client gone before its poll got here must not be held: the abort event fired already and will not again.
    if (this.closed || signal.aborted) return Promise.resolve({ timetoken: since, messages: [] });
    return new Promise((resolve) => {
      const waiter: Waiter = {
        subKey,
        channels: channelSet,
        since: cursor,
        filter,
        finish: (result) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          this.waiters.delete(waiter);
          this.changed();
          resolve(result);
        },
      };
      const idle = { timetoken: since, messages: [] };
      const timer = setTimeout(() => waiter.finish(idle), this.holdMs);
      const onAbort = (): void => waiter.finish(idle);
      signal.addEventListener('abort', onAbort);
      this.waiters.add(waiter);
      this.changed();
    });
  }

  /**
   * Answers every held poll at once with no messages, and every later one without holding, so the server can close
   * without waiting out the holds.
   */
  close(): void {
    this.closed = true;
    for (const waiter of [...this.waiters]) waiter.finish({ timetoken: waiter.since.toString(), messages: [] });
  }

  /**
   * Internal, for the emulator's own tests: resolves once `condition` holds, checked now and after every change, so
   * a test waits for a poll to be held (or released) instead of sleeping.
   */
  until(condition: (activity: HubActivity) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!condition({ received: this.received, held: this.waiters.size })) return;
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
      check();
    });
  }

  private changed(): void {
    for (const check of [...this.watchers]) check();
  }

  private collect(
    subKey: string,
    channels: ReadonlySet<string>,
    since: bigint,
    filter: FilterExpression | undefined,
  ): PollResult | undefined {
    const messages = (this.buffers.get(subKey) ?? [])
      .filter((m) => channels.has(m.channel) && BigInt(m.timetoken) > since)
      .filter((m) => filter === undefined || matchesFilter(filter, { meta: m.meta, data: m.payload }))
      .slice(0, MAX_PER_RESPONSE);
    const last = messages.at(-1);
    return last === undefined ? undefined : { timetoken: last.timetoken, messages };
  }
}
