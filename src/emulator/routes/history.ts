import type { ApiCall, EmulatorContext } from '../context.ts';
import { sendJson } from '../http.ts';
import type { PublishedMessage } from '../subscribe-hub.ts';

/**
 * fetchMessages, `GET /v3/history/sub-key/{sub_key}/channel/{channels}`: each channel's stored messages, oldest first,
 * in the history service's shape (what the official SDKs' fetchMessages / fetch_messages read).
 */

/** The service's ceilings on `max`: 100 messages for one channel, 25 per channel for several. */
const MAX_ONE_CHANNEL = 100;
const MAX_PER_CHANNEL_OF_MANY = 25;

export function fetchMessages(ctx: EmulatorContext, call: ApiCall): void {
  const { params } = call;
  const channels = [params['channels'] as string[] | string].flat();
  const ceiling = channels.length > 1 ? MAX_PER_CHANNEL_OF_MANY : MAX_ONE_CHANNEL;
  const max = Math.min(typeof params['max'] === 'number' ? params['max'] : ceiling, ceiling);
  const flag = (name: string, fallback: boolean): boolean =>
    params[name] === undefined ? fallback : params[name] === 'true';
  const include = {
    uuid: flag('include_uuid', true),
    messageType: flag('include_message_type', true),
    meta: flag('include_meta', false),
    customMessageType: flag('include_custom_message_type', false),
  };
  const found: Record<string, Array<Record<string, unknown>>> = {};
  for (const channel of new Set(channels)) {
    const messages = ctx.history.read({
      subKey: String(params['sub_key']),
      channel,
      max,
      ...(typeof params['start'] === 'string' ? { start: BigInt(params['start']) } : {}),
      ...(typeof params['end'] === 'string' ? { end: BigInt(params['end']) } : {}),
    });
    if (messages.length > 0) found[channel] = messages.map((message) => item(message, include));
  }
  sendJson(call.res, 200, { status: 200, error: false, error_message: '', channels: found });
}

function item(
  message: PublishedMessage,
  include: { uuid: boolean; messageType: boolean; meta: boolean; customMessageType: boolean },
): Record<string, unknown> {
  return {
    message: message.payload,
    timetoken: message.timetoken,
    ...(include.uuid ? { uuid: message.publisher } : {}),
    // The service reports a plain message's type as null, a file message's as 4.
    ...(include.messageType ? { message_type: message.type === 4 ? 4 : null } : {}),
    ...(include.meta && message.meta !== undefined ? { meta: message.meta } : {}),
    ...(include.customMessageType && message.customMessageType !== undefined
      ? { custom_message_type: message.customMessageType }
      : {}),
  };
}
