// One subscribe long poll through the low-level client (so uuid, pnsdk, auth and the signature are added like on
// every other call), folded into an Attempt: a cursor and the items since the previous one, or a typed failure.
import type { Context } from '../context.ts';
import { PubNubError } from '../errors.ts';
import { attemptRequest } from '../request.ts';
import type { Attempt } from '../retry.ts';
import type { SubscribeItem } from './file-event.ts';

const OPERATION = 'PNSubscribeOperation';

/** Longer than the server's hold (about 280 s), so an idle poll ends with the server's empty answer, not our timeout. */
export const SUBSCRIBE_TIMEOUT_MS = 310_000;

export interface Cursor {
  timetoken: string;
  /** Absent until the first answer (the handshake). */
  region: number | undefined;
}

export const HANDSHAKE: Cursor = { timetoken: '0', region: undefined };

export interface PollAnswer {
  cursor: Cursor;
  items: SubscribeItem[];
}

export async function poll(
  context: Context,
  channels: readonly string[],
  cursor: Cursor,
  signal: AbortSignal,
): Promise<Attempt<PollAnswer>> {
  const { client, config } = context;
  // A handshake is answered at once: one that is not within requestTimeout means the service is unreachable.
  const timeoutMs = cursor === HANDSHAKE ? config.requestTimeout : SUBSCRIBE_TIMEOUT_MS;
  const attempt = await attemptRequest({ operation: OPERATION, timeoutMs, signal }, (requestSignal) =>
    client.GET('/v2/subscribe/{sub_key}/{channels}/0', {
      params: {
        path: { sub_key: config.subscribeKey, channels: [...channels] },
        query: {
          tt: cursor.timetoken,
          ...(cursor.region === undefined ? {} : { tr: cursor.region }),
          ...(config.filterExpression === undefined ? {} : { 'filter-expr': config.filterExpression }),
        },
      },
      signal: requestSignal,
    }),
  );
  if (!attempt.ok) return attempt;
  const { data, response } = attempt.value;
  if (data === undefined || typeof data.t?.t !== 'string' || !Array.isArray(data.m)) {
    // A proxy's or captive portal's page: the next try may reach the real service.
    return {
      ok: false,
      error: PubNubError.malformed(OPERATION, 'the answer has no cursor', response.status),
      retryable: true,
    };
  }
  return { ok: true, value: { cursor: { timetoken: data.t.t, region: data.t.r }, items: data.m } };
}
