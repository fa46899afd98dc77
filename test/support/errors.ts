// The one way a test takes the error a call rejects with.
import { PubNubError } from '../../src/highlevel/errors.ts';

/** The PubNubError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function errorOf(promise: Promise<unknown>): Promise<PubNubError> {
  const error = await promise.then(
    () => new Error('expected a rejection, got a result'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof PubNubError)) throw error;
  return error;
}
