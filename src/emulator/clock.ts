/**
 * PubNub timetokens: 10-microsecond units since the Unix epoch, as 17-digit decimal strings (they exceed 2^53).
 * Issued strictly increasing, so two publishes in the same millisecond still order, and a subscriber's cursor never
 * skips a message.
 */
export interface TimetokenClock {
  /** A fresh timetoken, greater than every one issued before. */
  next(): string;
  /**
   * A cursor for "now": every later `next()` is strictly greater, so a message published in the same millisecond as a
   * subscriber's handshake is still delivered to it.
   */
  current(): string;
}

export function createTimetokenClock(now: () => number): TimetokenClock {
  let last = 0n;
  const fromWallClock = (): bigint => BigInt(Math.floor(now())) * 10_000n;
  return {
    next() {
      const wall = fromWallClock();
      last = wall > last ? wall : last + 1n;
      return last.toString();
    },
    current() {
      const wall = fromWallClock();
      if (wall > last) last = wall;
      return last.toString();
    },
  };
}
