// The subscribe machinery is imported on first use (so browser apps that never subscribe do not download it):
// calls made while it is on its way take effect in order once it arrives, and a failed import is reported like a
// refused subscription, then retried by the next subscribe.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionStatus } from '../../src/index.ts';
import { PubNub } from '../../src/index.ts';
import { fakeService, json } from '../support/sdk-fake-service.ts';

const MACHINERY = '../../src/highlevel/subscribe/machinery.ts';

afterEach(() => {
  vi.doUnmock(MACHINERY);
});

/** A subscribe service: a handshake (tt=0) answers at once, any other poll is held until aborted. */
function client() {
  const service = fakeService({
    other: (request) =>
      new URL(request.url).searchParams.get('tt') === '0'
        ? json({ t: { t: '17339246164989106', r: 1 }, m: [] })
        : new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason))),
  });
  const pubnub = new PubNub({ subscribeKey: 'sub-c-test', userId: 'user', fetch: service.fetch });
  const statuses: SubscriptionStatus[] = [];
  pubnub.addListener({ status: (status) => statuses.push(status) });
  return { pubnub, statuses, service };
}

function failImport(): void {
  vi.doMock(MACHINERY, () => {
    throw new Error('chunk unavailable');
  });
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('subscribe loaded on first use', () => {
  it('applies the calls made before its code arrived, in order', async () => {
    const { pubnub, statuses } = client();
    pubnub.subscribe({ channels: ['a'] });
    pubnub.subscribe({ channels: ['b'] });
    pubnub.unsubscribe({ channels: ['a'] });
    expect(statuses).toEqual([]);
    await vi.waitFor(() => expect(statuses).toHaveLength(1));
    expect(statuses[0]).toEqual({
      error: false,
      category: 'PNConnectedCategory',
      operation: 'PNSubscribeOperation',
      subscribedChannels: ['b'],
    });
    pubnub.unsubscribeAll();
    expect(statuses.at(-1)?.category).toBe('PNDisconnectedCategory');
  });

  it('does not go on polling when stopped before its code arrived', async () => {
    const { pubnub, statuses } = client();
    pubnub.subscribe({ channels: ['room'] });
    pubnub.unsubscribeAll();
    await vi.waitFor(() => expect(statuses).toHaveLength(1));
    await settled();
    expect(statuses.map((status) => status.category)).toEqual(['PNDisconnectedCategory']);
  });

  it('reports a failed import to the listeners, and the next subscribe imports again', async () => {
    failImport();
    const { pubnub, statuses, service } = client();
    pubnub.subscribe({ channels: ['room'] });
    await vi.waitFor(() => expect(statuses).toHaveLength(1));
    expect(statuses[0]).toEqual({
      error: true,
      category: 'PNNetworkIssuesCategory',
      operation: 'PNSubscribeOperation',
      subscribedChannels: [],
      // vitest wraps the factory's error in its own
      errorData: { name: 'Error', message: expect.stringContaining('error when mocking a module') },
    });
    expect(service.requests).toEqual([]);

    vi.doUnmock(MACHINERY);
    pubnub.subscribe({ channels: ['room'] });
    await vi.waitFor(() => expect(statuses.at(-1)?.category).toBe('PNConnectedCategory'));
    pubnub.unsubscribeAll();
  });

  it('ends a fileEvents iterator whose code could not be imported, with the reason', async () => {
    failImport();
    const { pubnub } = client();
    const events = pubnub.fileEvents(['room']);
    const refused = { status: expect.objectContaining({ category: 'PNNetworkIssuesCategory' }) };
    await expect(events.connected).rejects.toMatchObject(refused);
    await expect(events.next()).rejects.toThrow(
      /^Subscribe failed: its code could not be loaded \(.*error when mocking a module/,
    );
  });

  it('checks channel lists at once, before any code is imported', () => {
    failImport();
    const { pubnub } = client();
    for (const call of [
      () => pubnub.subscribe({ channels: [] }),
      () => pubnub.unsubscribe({ channels: [''] }),
      () => pubnub.fileEvents([]),
    ]) {
      expect(call).toThrow(
        expect.objectContaining({ status: expect.objectContaining({ category: 'PNValidationErrorCategory' }) }),
      );
    }
  });
});
