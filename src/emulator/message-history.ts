import type { PublishedMessage } from './subscribe-hub.ts';

/**
 * Message Persistence: the published messages kept per channel (those sent with `store=1`, the default), each until
 * its own `ttl` hours or the retention, and read back through fetchMessages (`/v3/history/…`). Kept in memory only:
 * history starts empty after a restart.
 */

interface StoredMessage {
  message: PublishedMessage;
  expiresAtMs: number;
}

export interface HistoryQuery {
  subKey: string;
  channel: string;
  max: number;
  /** Exclusive upper bound. */
  start?: bigint;
  /** Inclusive lower bound. */
  end?: bigint;
}

/** Per channel; past it the oldest go first, so a busy emulator does not grow forever. */
const KEPT_PER_CHANNEL = 10_000;

export class MessageHistory {
  private readonly channels = new Map<string, StoredMessage[]>();

  constructor(
    private readonly now: () => number,
    private readonly retentionMs: number,
  ) {}

  /** Keeps `message` for `ttlHours` (when a positive number) or the retention. */
  store(message: PublishedMessage, ttlHours: number | undefined): void {
    const key = channelKey(message.subKey, message.channel);
    const kept = this.channels.get(key) ?? [];
    const lifetimeMs = ttlHours !== undefined && ttlHours > 0 ? ttlHours * 3_600_000 : this.retentionMs;
    kept.push({ message, expiresAtMs: this.now() + lifetimeMs });
    if (kept.length > KEPT_PER_CHANNEL) kept.splice(0, kept.length - KEPT_PER_CHANNEL);
    this.channels.set(key, kept);
  }

  /**
   * The unexpired messages in range, oldest first: the newest `max` of them, or with `end` alone the oldest `max`
   * from `end` on (how the service pages forward from a point in time).
   */
  read({ subKey, channel, max, start, end }: HistoryQuery): PublishedMessage[] {
    const key = channelKey(subKey, channel);
    const nowMs = this.now();
    const alive = (this.channels.get(key) ?? []).filter((stored) => stored.expiresAtMs > nowMs);
    if (alive.length === 0) this.channels.delete(key);
    else this.channels.set(key, alive);
    const inRange = alive
      .map((stored) => stored.message)
      .filter((message) => {
        const timetoken = BigInt(message.timetoken);
        return (start === undefined || timetoken < start) && (end === undefined || timetoken >= end);
      });
    return end !== undefined && start === undefined ? inRange.slice(0, max) : inRange.slice(-max);
  }
}

function channelKey(subKey: string, channel: string): string {
  return JSON.stringify([subKey, channel]);
}
