import type { ServerResponse } from 'node:http';
import type { ApiCall, EmulatorContext } from '../context.ts';
import { sendFilesError } from '../http.ts';
import type { PublishedMessage } from '../subscribe-hub.ts';

/**
 * publishFileMessage (type 4) and the plain `/publish` (type 0): the message travels in the URL, is delivered to
 * subscribers, kept in history unless `store=0`, and is acknowledged with `[1,"Sent","<timetoken>"]` served as
 * text/javascript.
 */

/** The real service refuses URLs over 32 KiB: the whole message lives in the URL. */
export const MAX_PUBLISH_URL_BYTES = 32 * 1024;

export function publishMessage(ctx: EmulatorContext, call: ApiCall, type: 0 | 4): void {
  const { res, params } = call;
  if (Buffer.byteLength(call.req.url ?? '') > MAX_PUBLISH_URL_BYTES) {
    return sendPublishArray(res, 414, [0, 'Message Too Large', ctx.clock.current()]);
  }
  const payload = parseJson(String(params['message']));
  if (payload === undefined) return sendPublishArray(res, 400, [0, 'Invalid JSON', ctx.clock.current()]);
  // A file message is either the plain `{message?, file: {id, name}}` or an encrypted (base64 string) one.
  if (type === 4 && typeof payload.value !== 'string' && !isFileMessage(payload.value)) {
    return sendFilesError(res, 400, 'Invalid file id or name: the message must carry file.id and file.name');
  }
  // `meta` is JSON text; `null` (what the official Python SDK sends without metadata) means none.
  const metaText = params['meta'];
  const meta = typeof metaText === 'string' ? parseJson(metaText) : undefined;
  if (typeof metaText === 'string' && meta === undefined)
    return sendFilesError(res, 400, "Invalid parameter 'meta': not JSON");
  if (meta !== undefined && meta.value !== null && (typeof meta.value !== 'object' || Array.isArray(meta.value))) {
    return sendFilesError(res, 400, "Invalid parameter 'meta': must be a JSON object");
  }
  const timetoken = ctx.clock.next();
  const message: PublishedMessage = {
    subKey: String(params['sub_key']),
    channel: String(params['channel']),
    timetoken,
    type,
    payload: payload.value,
    publisher: String(params['uuid']),
    ...(meta === undefined || meta.value === null ? {} : { meta: meta.value }),
    ...(typeof params['custom_message_type'] === 'string' ? { customMessageType: params['custom_message_type'] } : {}),
  };
  ctx.hub.publish(message);
  // Stored unless `store=0` (the key set stores by default); `ttl` in hours. The plain publish route passes text.
  if (String(params['store'] ?? '1') !== '0') {
    const ttl = Number(params['ttl']);
    ctx.history.store(message, Number.isInteger(ttl) ? ttl : undefined);
  }
  sendPublishArray(res, 200, [1, 'Sent', timetoken]);
}

function sendPublishArray(res: ServerResponse, status: number, body: [number, string, string]): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'text/javascript; charset="UTF-8"',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function isFileMessage(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const file = (value as { file?: unknown }).file;
  if (typeof file !== 'object' || file === null) return false;
  const { id, name } = file as { id?: unknown; name?: unknown };
  return typeof id === 'string' && id !== '' && typeof name === 'string' && name !== '';
}
