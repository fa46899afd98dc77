// PubNub request signature v2 (docs/protocol.md A3), on WebCrypto so it runs in every runtime.
import { bytesToBase64Url } from './platform.ts';
import { encodePathSegment } from './encoding.ts';

/** What the v2 signature covers: the request exactly as it goes on the wire. */
export interface SignatureInput {
  /** `GET`, `POST` or `DELETE`. */
  method: string;
  publishKey: string;
  /** The path as sent, already percent-encoded, without origin or query. */
  path: string;
  /** Decoded query parameters; `signature` itself is ignored if present. */
  query: Readonly<Record<string, string>>;
  /** The exact body text of a POST; empty for GET and DELETE. */
  body?: string;
}

/** The sorted, A1-encoded `key=value&…` part of the string to sign. */
export function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .filter((key) => key !== 'signature')
    .sort()
    .map((key) => `${key}=${encodePathSegment(query[key]!)}`)
    .join('&');
}

/** The exact text that is HMAC'd: method, publish key, path, query and body, separated by newlines. */
export function stringToSign(input: SignatureInput): string {
  return [input.method.toUpperCase(), input.publishKey, input.path, canonicalQuery(input.query), input.body ?? ''].join(
    '\n',
  );
}

const encoder = new TextEncoder();

/**
 * Computes `v2.<base64url(HMAC-SHA256(secretKey, stringToSign))>` without padding.
 *
 * @example await signRequest('sec-c-…', { method: 'DELETE', publishKey: 'pub-c-…', path: '/v1/files/…', query: { uuid: 'u' } })
 */
export async function signRequest(secretKey: string, input: SignatureInput): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secretKey),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(stringToSign(input)));
  return `v2.${bytesToBase64Url(new Uint8Array(mac))}`;
}
