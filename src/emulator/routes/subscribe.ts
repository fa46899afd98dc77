import type { Socket } from 'node:net';
import type { ApiCall, EmulatorContext } from '../context.ts';
import { FilterSyntaxError, parseFilter } from '../filter-parse.ts';
import type { FilterExpression } from '../filter-syntax.ts';
import { sendJson } from '../http.ts';
import type { PublishedMessage } from '../subscribe-hub.ts';

/**
 * The v2 subscribe long poll. `tt=0` answers at once with a cursor; any other `tt` is held until a later message
 * arrives on one of the channels or the hold time passes. With `filter-expr` only the messages that pass the filter are
 * delivered; an expression that does not parse is refused (400) on every call, the handshake included.
 */

/** The emulator is one region. */
const REGION = 1;

export async function subscribe(ctx: EmulatorContext, call: ApiCall): Promise<void> {
  const subKey = String(call.params['sub_key']);
  const channels = call.params['channels'] as string[];
  const since = typeof call.params['tt'] === 'string' ? call.params['tt'] : '0';
  const filterText = call.params['filter-expr'];
  let filter: FilterExpression | undefined;
  try {
    filter = typeof filterText === 'string' && filterText !== '' ? parseFilter(filterText) : undefined;
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    // The hosted service's answer to a bad expression is not on record: this is the core services' 400 shape.
    const message = `Invalid filter expression: ${error.message}`;
    return sendJson(call.res, 400, { status: 400, error: true, service: 'Balancer', message });
  }
  if (since === '0') {
    return sendJson(call.res, 200, { t: { t: ctx.clock.current(), r: REGION }, m: [] });
  }
  // A client that gives up must not keep the poll registered, whenever it goes: before the poll is registered, or
  // while a pipelined request's response still waits its turn for the connection (and so never sees it close).
  const socket = call.req.socket;
  const gone = new AbortController();
  const onGone = (): void => gone.abort();
  const unwatch = watchConnection(socket, gone);
  call.res.once('close', onGone);
  const result = await ctx.hub.poll(subKey, channels, since, gone.signal, filter).finally(() => {
    unwatch();
    call.res.off('close', onGone);
  });
  if (call.res.destroyed || socket.destroyed) return;
  sendJson(call.res, 200, { t: { t: result.timetoken, r: REGION }, m: result.messages.map(envelope) });
}

/** The polls held on each connection, aborted together when it closes: one listener however many are pipelined. */
const pollsOnConnection = new WeakMap<Socket, Set<AbortController>>();

/** Aborts `poll` when `socket` closes (at once if it has); returns the function that stops watching. */
function watchConnection(socket: Socket, poll: AbortController): () => void {
  if (socket.destroyed) poll.abort();
  const polls = pollsOnConnection.get(socket) ?? abortAllOnClose(socket);
  polls.add(poll);
  return () => polls.delete(poll);
}

function abortAllOnClose(socket: Socket): Set<AbortController> {
  const polls = new Set<AbortController>();
  socket.once('close', () => {
    for (const poll of polls) poll.abort();
  });
  pollsOnConnection.set(socket, polls);
  return polls;
}

function envelope(message: PublishedMessage): Record<string, unknown> {
  return {
    a: '1',
    f: 0,
    ...(message.type === 4 ? { e: 4 } : {}),
    i: message.publisher,
    p: { t: message.timetoken, r: REGION },
    k: message.subKey,
    c: message.channel,
    ...(message.meta === undefined ? {} : { u: message.meta }),
    ...(message.customMessageType === undefined ? {} : { cmt: message.customMessageType }),
    d: message.payload,
  };
}
