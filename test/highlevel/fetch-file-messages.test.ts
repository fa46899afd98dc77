// fetchFileMessages against a fake history service: what goes on the wire, which stored messages become items, and
// how hostile or broken answers end (a typed error for the call, or an `error` on one item; never a crash).
import { describe, expect, it } from 'vitest';
import { fakeService, json, sequence, type Handler, sdkOn } from '../support/sdk-fake-service.ts';

function client(history: Handler, extra = {}) {
  const service = fakeService({ history });
  const pubnub = sdkOn(service, { retryPolicy: { baseDelayMs: 0, maxDelayMs: 0 }, ...extra });
  return { pubnub, service };
}

const answer = (channels: unknown) => () => json({ status: 200, error: false, error_message: '', channels });
const fileItem = (timetoken: string, id: string, extra = {}) => ({
  message: { message: 'caption', file: { id, name: `${id}.png` } },
  timetoken,
  uuid: 'sender',
  message_type: 4,
  ...extra,
});

describe('fetchFileMessages', () => {
  it('asks for one channel with every include_ flag, its name percent-encoded as one path segment', async () => {
    const { pubnub, service } = client(answer({}));
    expect(await pubnub.fetchFileMessages({ channel: 'a b/ü,c', count: 5, start: '17339246164989106' })).toEqual({
      messages: [],
      next: null,
    });
    const url = new URL(service.requests[0]!.url);
    expect(url.pathname).toBe('/v3/history/sub-key/sub-c-test/channel/a%20b%2F%C3%BC%2Cc');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      max: '5',
      start: '17339246164989106',
      include_meta: 'true',
      include_message_type: 'true',
      include_uuid: 'true',
      include_custom_message_type: 'true',
      uuid: 'user-1',
    });
  });

  it('keeps only file messages, in the order stored; next is the oldest timetoken when the page is full', async () => {
    const stored = [
      { message: { text: 'plain' }, timetoken: '17339246164989100', message_type: null },
      fileItem('17339246164989200', 'f1', { meta: { kind: 'map' }, custom_message_type: 'file-share' }),
      fileItem('17339246164989300', 'f2', { meta: '' }),
    ];
    const { pubnub } = client(answer({ room: stored }));
    const full = await pubnub.fetchFileMessages({ channel: 'room', count: 3 });
    expect(full.next).toBe('17339246164989100');
    expect(full.messages.map((m) => [m.file?.id, m.meta, m.customMessageType])).toEqual([
      ['f1', { kind: 'map' }, 'file-share'],
      ['f2', undefined, undefined],
    ]);
    expect(full.messages[0]!.file!.url).toMatch(
      /^https:\/\/ps\.pndsn\.com\/v1\/files\/sub-c-test\/channels\/room\/files\/f1\/f1\.png\?uuid=user-1&/,
    );
    expect((await pubnub.fetchFileMessages({ channel: 'room', count: 4 })).next).toBeNull();
  });

  it('a channel named __proto__ with nothing stored is an empty page, not a malformed answer', async () => {
    const { pubnub } = client(answer({}));
    expect(await pubnub.fetchFileMessages({ channel: '__proto__' })).toEqual({ messages: [], next: null });
  });

  it.each([
    ['no channels object', () => json({ status: 200 })],
    ['channels not an object', answer('room')],
    ['the channel not a list', answer({ room: { message: 1 } })],
    ['an item without a timetoken', answer({ room: [{ message: 'x', message_type: 4 }] })],
    ['a null item', answer({ room: [null] })],
    ['not JSON', () => new Response('<html>proxy</html>', { status: 200, headers: { 'Content-Type': 'text/html' } })],
  ])('%s: a malformed-response error of the call', async (_, history) => {
    const { pubnub } = client(history);
    const error = await pubnub.fetchFileMessages({ channel: 'room' }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: { operation: 'PNFetchMessagesOperation' } });
    expect((error as { status: { category: string } }).status.category).toBe('PNMalformedResponseCategory');
  });

  it('a file message without a file, or encrypted with no key configured: that item carries the error', async () => {
    const { pubnub } = client(
      answer({
        room: [
          { message: { text: 'no file' }, timetoken: '17339246164989200', message_type: 4 },
          { message: 'UE5FRAFBQ1JIEA==', timetoken: '17339246164989300', message_type: 4 },
        ],
      }),
    );
    const { messages } = await pubnub.fetchFileMessages({ channel: 'room' });
    expect(messages.map((m) => [m.timetoken, m.file, m.error?.status.category, m.error?.status.operation])).toEqual([
      ['17339246164989200', undefined, 'PNMalformedResponseCategory', 'PNFetchMessagesOperation'],
      ['17339246164989300', undefined, 'PNDecryptionErrorCategory', 'PNFetchMessagesOperation'],
    ]);
    expect(messages[0]!.error!.message).toMatch(/^Stored file message unreadable: /);
  });

  it('retries a 500 like the other reads, and ends on a 403 with the access-denied category', async () => {
    const retried = client(sequence(() => json({ status: 500, error: true, error_message: 'boom' }, 500), answer({})));
    expect(await retried.pubnub.fetchFileMessages({ channel: 'room' })).toEqual({ messages: [], next: null });
    expect(retried.service.calls()).toEqual(['GET history', 'GET history']);

    const denied = client(() =>
      json({ error: true, status: 403, service: 'Access Manager', message: 'Forbidden' }, 403),
    );
    await expect(denied.pubnub.fetchFileMessages({ channel: 'room' })).rejects.toMatchObject({
      status: { category: 'PNAccessDeniedCategory', statusCode: 403, operation: 'PNFetchMessagesOperation' },
    });
  });
});
