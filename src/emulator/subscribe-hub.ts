/**
 * Fan-out of published messages to subscribe long polls (PROTOCOL.md A2 op 7). A poll names a cursor timetoken and
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

interface Waiter {
  subKey: string;
  channels: ReadonlySet<string>;
  since: bigint;
  finish(result: PollResult): void;
}

/** Enough history for a reconnecting subscriber to catch up, bounded so a busy emulator does not grow forever. */
const BUFFERED_PER_KEY = 1000;
const MAX_PER_RESPONSE = 100;

export class SubscribeHub {
  private readonly buffers = new Map<string, PublishedMessage[]>();
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  constructor(private readonly holdMs: number) {}

  publish(message: PublishedMessage): void {
    const buffer = this.buffers.get(message.subKey) ?? [];
    buffer.push(message);
    if (buffer.length > BUFFERED_PER_KEY) buffer.splice(0, buffer.length - BUFFERED_PER_KEY);
    this.buffers.set(message.subKey, buffer);
    for (const waiter of this.waiters) {
      if (waiter.subKey !== message.subKey || !waiter.channels.has(message.channel)) continue;
      const result = this.collect(waiter.subKey, waiter.channels, waiter.since);
      if (result !== undefined) waiter.finish(result);
    }
  }

  poll(subKey: string, channels: readonly string[], since: string, signal: AbortSignal): Promise<PollResult> {
    const channelSet = new Set(channels);
    const cursor = BigInt(since);
    const ready = this.collect(subKey, channelSet, cursor);
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closed) return Promise.resolve({ timetoken: since, messages: [] });
    return new Promise((resolve) => {
      const waiter: Waiter = {
        subKey,
        channels: channelSet,
        since: cursor,
        finish: (result) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          this.waiters.delete(waiter);
          resolve(result);
        },
      };
      const idle = { timetoken: since, messages: [] };
      const timer = setTimeout(() => waiter.finish(idle), this.holdMs);
      const onAbort = (): void => waiter.finish(idle);
      signal.addEventListener('abort', onAbort);
      this.waiters.add(waiter);
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

  private collect(subKey: string, channels: ReadonlySet<string>, since: bigint): PollResult | undefined {
    const messages = (this.buffers.get(subKey) ?? [])
      .filter((m) => channels.has(m.channel) && BigInt(m.timetoken) > since)
      .slice(0, MAX_PER_RESPONSE);
    const last = messages.at(-1);
    return last === undefined ? undefined : { timetoken: last.timetoken, messages };
  }
}
