import { createHmac, timingSafeEqual } from 'node:crypto';
import { amzDate, credentialScope, isoSeconds, parseAmzDate } from './aws-format.ts';
import { encodePathSegment } from '../lowlevel/encoding.ts';

/**
 * The presigned CDN URL that getFile redirects to (docs/protocol.md A2 op 5), signed with the emulator's secret. Its date
 * is rounded down to the hour, as the real service does, so one file keeps one URL for an hour and the 307 can be
 * cached; `X-Amz-Expires` (3900 s) outlives the hour by five minutes.
 */

export const DOWNLOAD_EXPIRES_SECONDS = 3900;
const HOUR_MS = 3_600_000;

export interface DownloadLink {
  url: string;
  /** Seconds the redirect may be cached: until the URL's hour ends. */
  maxAgeSeconds: number;
}

export function createDownloadLink(
  secret: Uint8Array,
  storageBaseUrl: string,
  objectKey: string,
  nowMs: number,
): DownloadLink {
  const dateMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  const date = amzDate(dateMs);
  const query = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', credentialScope('PNEMULATORACCESSKEY', dateMs)],
    ['X-Amz-Date', date],
    ['X-Amz-Expires', String(DOWNLOAD_EXPIRES_SECONDS)],
    ['X-Amz-SignedHeaders', 'host'],
    ['X-Amz-Signature', sign(secret, objectKey, date, String(DOWNLOAD_EXPIRES_SECONDS))],
  ]
    .map(([k, v]) => `${k}=${encodePathSegment(v ?? '')}`)
    .join('&');
  return {
    url: `${storageBaseUrl}/${objectKeyPath(objectKey)}?${query}`,
    maxAgeSeconds: Math.max(0, Math.floor((dateMs + HOUR_MS - nowMs) / 1000)),
  };
}

/** `sub/opaque/id/name` as four percent-encoded path segments; a `/` inside the name stays inside its segment. */
export function objectKeyPath(objectKey: string): string {
  const [subKey = '', opaque = '', id = '', ...name] = objectKey.split('/');
  return [subKey, opaque, id, name.join('/')].map(encodePathSegment).join('/');
}

export type DownloadCheck =
  { ok: true } | { ok: false; code: string; message: string; extra?: Array<[string, string]> };

export function checkDownloadQuery(
  secret: Uint8Array,
  objectKey: string,
  query: Record<string, string>,
  nowMs: number,
): DownloadCheck {
  const date = query['X-Amz-Date'] ?? '';
  const expires = query['X-Amz-Expires'] ?? '';
  const signature = query['X-Amz-Signature'] ?? '';
  const dateMs = parseAmzDate(date);
  if (dateMs === undefined || !/^\d+$/.test(expires) || signature === '') {
    return {
      ok: false,
      code: 'AccessDenied',
      message: 'Query-string authentication requires X-Amz-Date, X-Amz-Expires and X-Amz-Signature',
    };
  }
  const expected = Buffer.from(sign(secret, objectKey, date, expires));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return {
      ok: false,
      code: 'SignatureDoesNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    };
  }
  const expiresAtMs = dateMs + Number(expires) * 1000;
  if (expiresAtMs <= nowMs) {
    return {
      ok: false,
      code: 'AccessDenied',
      message: 'Request has expired',
      extra: [
        ['X-Amz-Expires', expires],
        ['Expires', isoSeconds(expiresAtMs)],
        ['ServerTime', isoSeconds(nowMs)],
      ],
    };
  }
  return { ok: true };
}

function sign(secret: Uint8Array, objectKey: string, date: string, expires: string): string {
  return createHmac('sha256', secret).update(`GET\n${objectKey}\n${date}\n${expires}`, 'utf8').digest('hex');
}
