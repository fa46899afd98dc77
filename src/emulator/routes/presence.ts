import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.ts';

/**
 * The presence calls a subscribing SDK makes on its own (the official SDK sends `leave` on unsubscribe). They are not
 * part of the files API, so they are answered as the real service does and otherwise ignored.
 */
const PRESENCE_PATH = /^\/v2\/presence\/sub[-_]key\/[^/]+\/channel\/[^/]+\/(leave|heartbeat)$/;

export function isPresencePath(rawPath: string): boolean {
  return PRESENCE_PATH.test(rawPath);
}

export function answerPresence(res: ServerResponse, rawPath: string): void {
  const action = PRESENCE_PATH.exec(rawPath)?.[1];
  sendJson(res, 200, {
    status: 200,
    message: 'OK',
    ...(action === 'leave' ? { action: 'leave' } : {}),
    service: 'Presence',
  });
}
