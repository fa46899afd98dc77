import { afterEach, describe, expect, it, vi } from 'vitest';
import { notifyEach, type Listener } from '../../src/highlevel/subscribe/listeners.ts';
import type { SubscriptionStatus } from '../../src/highlevel/subscribe/poll-loop.ts';

describe('notifyEach (how listeners are called)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('calls every listener even when one throws, then rethrows that error outside the loop', () => {
    const scheduled: Array<() => void> = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => scheduled.push(task));
    const heard: string[] = [];
    const bug = new Error('bug in a listener');
    const listeners = new Set<Listener>([
      { status: () => void heard.push('first') },
      {
        status: () => {
          heard.push('second');
          throw bug;
        },
      },
      { status: () => void heard.push('third') },
    ]);
    const status = {
      error: false,
      category: 'PNConnectedCategory',
      operation: 'PNSubscribeOperation',
    } as SubscriptionStatus;

    expect(() => notifyEach(listeners, (listener) => listener.status?.(status))).not.toThrow();
    expect(heard).toEqual(['first', 'second', 'third']);
    expect(scheduled).toHaveLength(1);
    expect(() => scheduled[0]!()).toThrow(bug);
  });
});
