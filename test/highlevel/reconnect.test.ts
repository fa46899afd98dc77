// The subscribe loop never gives up on a network or server failure, so its reconnect waits have a floor (1 s) that
// no retry policy or Retry-After lowers: a zero wait would re-poll a dead server in a hot loop. Waits are recorded
// through the policy's sleep hook, never slept.
import { describe, expect, it } from 'vitest';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import type { RetryPolicy } from '../../src/highlevel/retry.ts';
import { fakeService, type Handler } from '../support/sdk-fake-service.ts';

const networkDown: Handler = () => {
  throw new TypeError('fetch failed');
};

/** Subscribes against `answer` (every subscribe request is routed there) and records the loop's first `count` waits. */
async function reconnectWaits(answer: Handler, retryPolicy: Partial<RetryPolicy>, count = 5) {
  const service = fakeService({ other: answer });
  const waits: number[] = [];
  let enough = (): void => {};
  const waitedEnough = new Promise<void>((resolve) => (enough = resolve));
  const sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (waits.push(ms) < count) return Promise.resolve();
    enough();
    // The last wait lasts until unsubscribeAll cuts it short, so the loop makes no request after it.
    return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
  };
  const pubnub = new PubNub({
    subscribeKey: 'sub-c-test',
    userId: 'user-1',
    fetch: service.fetch,
    retryPolicy: { ...retryPolicy, sleep },
  });
  pubnub.subscribe({ channels: ['room'] });
  await waitedEnough;
  pubnub.unsubscribeAll();
  return { waits, polls: service.requests.length };
}

describe('subscribe reconnect backoff', () => {
  it.each<[string, Partial<RetryPolicy>, number[]]>([
    // The base is raised to 2 s: equal jitter (dice 0 keeps exactly half) never goes under 1 s, then the
    // doubling runs on up to the policy's maximum (8 s by default).
    ['baseDelayMs: 0', { baseDelayMs: 0, random: () => 0 }, [1000, 2000, 4000, 4000, 4000]],
    // The policy's maximum still caps the doubled delay: 2 s, then 3 s, each jittered by the dice (0.5: 3/4).
    [
      'baseDelayMs: 0 with a 3 s maximum',
      { baseDelayMs: 0, maxDelayMs: 3000, random: () => 0.5 },
      [1500, 2250, 2250, 2250, 2250],
    ],
    // A maximum under the floor does not lower it.
    ['a 0 ms maximum', { baseDelayMs: 0, maxDelayMs: 0, random: () => 0.5 }, [1000, 1000, 1000, 1000, 1000]],
    // A small base counts from the floor too.
    ['baseDelayMs: 300', { baseDelayMs: 300, maxDelayMs: 10_000, random: () => 0.5 }, [1500, 3000, 6000, 7500, 7500]],
  ])('a dead server is re-polled no sooner than 1 s apart, whatever the policy (%s)', async (_, policy, expected) => {
    const { waits, polls } = await reconnectWaits(networkDown, policy);
    expect(waits).toEqual(expected);
    // One wait after every failed poll: no retry went out without one.
    expect(polls).toBe(waits.length);
  });

  it('a Retry-After of 0 is waited out as the 1 s floor too', async () => {
    const busy: Handler = () => new Response('', { status: 503, headers: { 'Retry-After': '0' } });
    const { waits, polls } = await reconnectWaits(busy, { baseDelayMs: 0 }, 3);
    expect(waits).toEqual([1000, 1000, 1000]);
    expect(polls).toBe(3);
  });

  it('a Retry-After over a minute is waited out for a minute, then the loop asks again', async () => {
    const busy: Handler = () => new Response('', { status: 429, headers: { 'Retry-After': '86400' } });
    const { waits, polls } = await reconnectWaits(busy, {}, 2);
    expect(waits).toEqual([60_000, 60_000]);
    expect(polls).toBe(2);
  });
});
