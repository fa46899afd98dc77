import { describe, expect, it } from 'vitest';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import { OPERATIONS, type OperationName } from '../../src/highlevel/operations/index.ts';
import { errorOf } from '../support/errors.ts';
import { KEYS } from '../support/keys.ts';

type AnyBuilder = Record<string, (value: unknown) => unknown> & { result(): Promise<unknown> };
/** `pubnub[name]`, typed loosely enough to be called in a loop over every operation. */
const method = (name: OperationName) =>
  (pubnub[name] as unknown as (params?: object) => AnyBuilder & Promise<unknown>).bind(pubnub);

const names = Object.keys(OPERATIONS) as OperationName[];
const pubnub = new PubNub({ ...KEYS, fetch: () => Promise.reject(new Error('no network in this test')) });

describe('the table of operations gives PubNub its methods', () => {
  it.each(names)('%s: no arguments gives a builder with every setter of the table, chaining', (name) => {
    const builder = method(name)();
    for (const setter of Object.keys(OPERATIONS[name].setters)) {
      expect(typeof builder[setter], setter).toBe('function');
      expect(builder[setter]!('x'), setter).toBe(builder);
    }
    for (const method of ['signal', 'result', 'future']) expect(typeof builder[method]).toBe('function');
  });

  it.each(names)('%s: the params form runs the operation, whose errors name it', async (name) => {
    // An empty channel is refused by every operation before any request.
    const error = await errorOf(method(name)({ channel: '' }));
    expect(error.status).toMatchObject({
      category: 'PNValidationErrorCategory',
      operation: OPERATIONS[name].operation,
    });
  });

  it.each(names)('%s: a builder setter sets the params field the table names', async (name) => {
    const builder = method(name)();
    const setChannel = Object.entries(OPERATIONS[name].setters).find(([, field]) => field === 'channel')?.[0];
    expect(setChannel).toBeDefined();
    // Without the setter the channel is missing and that is the first thing refused; with it, something else is.
    const unset = await errorOf(builder.result());
    expect(unset.message).toMatch(/channel/i);
    const set = await errorOf((builder[setChannel!]!('room') as AnyBuilder).result());
    expect(set.message).not.toMatch(/channel/i);
  });
});

describe('the methods the table makes', () => {
  it.each(names)('%s is named after its operation (stack traces say which call)', (name) => {
    expect(pubnub[name].name).toBe(name);
  });
});
