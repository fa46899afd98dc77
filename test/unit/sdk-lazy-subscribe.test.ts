// The subscribe loop is imported on first use (so browser apps that never subscribe do not download it): a loop
// stopped while loading never starts, and a failed import is reported like a refused subscription, then retried by
// subscribing again.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionStatus } from '../../src/index.ts';
import { PubNub } from '../../src/index.ts';
import { fakeService, json } from '../support/sdk-fake-service.ts';

const POLL_LOOP = '../../src/highlevel/subscribe/poll-loop.ts';

afterEach(() => {
  vi.doUnmock(POLL_LOOP);
});

/** A subscribe service: the handshake answers at once, every later poll is held until aborted. */
function subscribeService() {
  let polls = 0;
  return fakeService({
    other: (request) =>
      polls++ === 0
        ? json({ t: { t: '17339246164989106', r: 1 }, m: [] })
        : new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason))),
  });
}

function client() {
  const service = subscribeService();
  const pubnub = new PubNub({ subscribeKey: 'sub-c-test', userId: 'user', fetch: service.fetch });
  const statuses: SubscriptionStatus[] = [];
  pubnub.addListener({ status: (status) => statuses.push(status) });
  return { pubnub, statuses, service };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('subscribe loaded on first use', () => {
  it('does not start a loop stopped before its code arrived', async () => {
    const { pubnub, statuses, service } = client();
    pubnub.subscribe({ channels: ['room'] });
    pubnub.unsubscribeAll();
    await import(POLL_LOOP);
    await settled();
    expect(service.requests).toEqual([]);
    expect(statuses.map((status) => status.category)).toEqual(['PNDisconnectedCategory']);
  });

  it('reports a failed import to the listeners, and subscribing again imports again', async () => {
    vi.doMock(POLL_LOOP, () => {
      throw new Error('chunk unavailable');
    });
    const { pubnub, statuses, service } = client();
    pubnub.subscribe({ channels: ['room'] });
    await vi.waitFor(() => expect(statuses).toHaveLength(1));
    expect(statuses[0]).toEqual({
      error: true,
      category: 'PNNetworkIssuesCategory',
      operation: 'PNSubscribeOperation',
      subscribedChannels: ['room'],
    });
    expect(service.requests).toEqual([]);

    vi.doUnmock(POLL_LOOP);
    pubnub.subscribe({ channels: ['room'] });
    await vi.waitFor(() => expect(statuses.at(-1)?.category).toBe('PNConnectedCategory'));
    pubnub.unsubscribeAll();
  });

  it('ends a fileEvents iterator whose loop could not be imported, with the reason', async () => {
    vi.doMock(POLL_LOOP, () => {
      throw new Error('chunk unavailable');
    });
    const { pubnub } = client();
    const events = pubnub.fileEvents(['room']);
    const refused = { status: expect.objectContaining({ category: 'PNNetworkIssuesCategory' }) };
    await expect(events.connected).rejects.toMatchObject(refused);
    await expect(events.next()).rejects.toThrow(/Subscribe failed: the subscribe code could not be loaded/);
  });
});
