import { createHmac, timingSafeEqual } from 'node:crypto';
import { encodePathSegment } from '../lowlevel/encoding.ts';
import type { QueryPairs } from './query.ts';

/**
 * docs/protocol.md A3, the v2 request signature, written here from the protocol rather than shared with the SDK: the
 * emulator must catch an SDK that signs wrongly, which it could not if both used the same code.
 */
export function signV2(secretKey: string, stringToSign: string): string {
  return 'v2.' + createHmac('sha256', secretKey).update(stringToSign, 'utf8').digest('base64url');
}

export interface SignedRequest {
  method: string;
  /** The path exactly as sent, still percent-encoded. */
  rawPath: string;
  query: QueryPairs;
  body: string;
}

export function stringToSign(publishKey: string, request: SignedRequest): string {
  const query = request.query
    .filter(([key]) => key !== 'signature')
    .map(([key, value]) => [key, encodePathSegment(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  return `${request.method}\n${publishKey}\n${request.rawPath}\n${query}\n${request.body}`;
}

export interface SignatureCheck {
  secretKey: string;
  publishKey: string;
  /** How far, in seconds, `timestamp` may be from the emulator's clock. */
  windowSeconds: number;
  nowMs: number;
}

/** Undefined when the request is correctly signed and fresh; otherwise why not (no secret in the text). */
export function signatureProblem(check: SignatureCheck, request: SignedRequest): string | undefined {
  const signature = request.query.find(([key]) => key === 'signature')?.[1];
  const timestamp = request.query.find(([key]) => key === 'timestamp')?.[1];
  if (signature === undefined) return 'Missing signature';
  if (timestamp === undefined || !/^\d+$/.test(timestamp)) return 'Missing or malformed timestamp';
  if (Math.abs(Number(timestamp) - check.nowMs / 1000) > check.windowSeconds) {
    return `Request timestamp is outside the allowed window of ${check.windowSeconds} seconds`;
  }
  const expected = Buffer.from(signV2(check.secretKey, stringToSign(check.publishKey, request)));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'Signature does not match';
  return undefined;
}
