// Shared by the hostile-input catalogue: a scripted subscribe service, and the one property every SDK case checks.
import { expect } from 'vitest';
import { isPubNubError, type PubNubError } from '../../src/highlevel/errors.ts';
import type { PubNubConfig } from '../../src/highlevel/config.ts';
import { PubNub } from '../../src/highlevel/pubnub.ts';

export const SECRETS = { secretKey: 'sec-c-hostile-secret', authKey: 'auth-hostile-token' } as const;

/** A fetch that answers subscribe polls with `answers` in turn, then holds every further poll until it is aborted. */
export function scriptedSubscribe(answers: unknown[]): typeof fetch {
  let index = 0;
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const next = answers[index++];
    if (next !== undefined)
      return new Response(JSON.stringify(next), { headers: { 'Content-Type': 'application/json' } });
    return new Promise<Response>((_, reject) =>
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }),
    );
  }) as typeof fetch;
}

export function client(options: Partial<PubNubConfig> = {}): PubNub {
  return new PubNub({
    subscribeKey: 'sub-c-hostile',
    publishKey: 'pub-c-hostile',
    userId: 'user-1',
    retryPolicy: false,
    ...options,
  });
}

/**
 * What holds for every bad input: the call settles with a result or a PubNubError that has a category and shows no
 * configured secret anywhere (message, status, JSON form).
 */
export function expectTypedError(thrown: unknown, category?: string): PubNubError {
  expect(isPubNubError(thrown), `not a PubNubError: ${String(thrown)}`).toBe(true);
  const error = thrown as PubNubError;
  expect(error.status.category).toEqual(expect.stringMatching(/^PN\w+Category$/));
  if (category !== undefined) expect(error.status.category, error.message).toBe(category);
  const shown = JSON.stringify(error) + error.message + String(error.cause ?? '');
  for (const secret of Object.values(SECRETS)) expect(shown).not.toContain(secret);
  return error;
}

/** The rejection of `promise` (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection, got a result'),
    (thrown: unknown) => thrown,
  );
}
