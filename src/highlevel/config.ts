// The PubNub constructor's options: what is required, the defaults (docs/protocol.md Part B), and the one check
// that runs before any request can be made.
import { PubNubError } from './errors.ts';
import type { CryptoModule } from './crypto/index.ts';
import { describe } from './describe.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import { platformFetch } from '../lowlevel/platform.ts';

export interface PubNubConfig {
  subscribeKey: string;
  /** Needed by `sendFile` and `publishFileMessage`. */
  publishKey?: string;
  /** Identifies this client on every request (`uuid` on the wire). */
  userId: string;
  /** Signs every request (v2 signature). Keep it on servers only. */
  secretKey?: string;
  /** Access Manager token sent as `auth`. */
  authKey?: string;
  /** Shorthand for the legacy crypto module with this key (the official SDKs' default). */
  cipherKey?: string;
  /** Wins over `cipherKey` when both are given. */
  cryptoModule?: CryptoModule;
  /** Host, optionally with a port. Default `ps.pndsn.com`. */
  origin?: string;
  /** Default true (https). */
  ssl?: boolean;
  /** Replaces the global fetch, e.g. to add a proxy or for tests. It is called with a `Request`. */
  fetch?: typeof fetch;
  /** Milliseconds per REST request. Default 15,000. */
  requestTimeout?: number;
  /** Milliseconds per upload or download request. Default 300,000. */
  fileRequestTimeout?: number;
  /** Attempts at publishing the file message after a good upload. Default 5. */
  fileUploadPublishRetryLimit?: number;
  /** Retries of idempotent calls (list, download, the upload step). `false` turns them off. */
  retryPolicy?: Partial<RetryPolicy> | false;
  /**
   * A subscribe filter, applied by the service to every message before it is delivered to this client, e.g.
   * `meta.kind == "map"` (sent as `filter-expr` on every subscribe poll). It reads the publish `meta` and `data`.
   */
  filterExpression?: string;
}

export interface ResolvedConfig {
  subscribeKey: string;
  publishKey: string | undefined;
  userId: string;
  secretKey: string | undefined;
  authKey: string | undefined;
  cipherKey: string | undefined;
  cryptoModule: CryptoModule | undefined;
  origin: string;
  ssl: boolean;
  fetch: typeof fetch;
  requestTimeout: number;
  fileRequestTimeout: number;
  fileUploadPublishRetryLimit: number;
  /** `maxAttempts` is 1 when the user turned retries off; the backoff still paces sendFile's publish attempts. */
  retryPolicy: RetryPolicy;
  filterExpression: string | undefined;
}

function requireNonEmpty(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw PubNubError.validation(
      'PNConfigurationOperation',
      `The ${name} option is required: expected a non-empty string, got ${describe(value)}.`,
    );
  }
  return urlText(value, name);
}

/** Matches an unpaired UTF-16 surrogate: in `u` mode a well-formed pair is one code point and does not match. */
export const LONE_SURROGATE = /\p{Cs}/u;

// The keys and the user id go into every URL; one that has no UTF-8 form would make every request fail.
function urlText<T extends string | undefined>(value: T, name: string): T {
  if (value !== undefined && LONE_SURROGATE.test(value)) {
    throw PubNubError.validation(
      'PNConfigurationOperation',
      `The ${name} option holds an unpaired UTF-16 surrogate, which no URL can carry.`,
    );
  }
  return value;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw PubNubError.validation(
      'PNConfigurationOperation',
      `The ${name} option must be a non-empty string when given, got ${describe(value)}.`,
    );
  }
  return value;
}

function optionalOfType(value: unknown, type: 'boolean' | 'function', name: string): void {
  if (value !== undefined && typeof value !== type)
    throw PubNubError.validation(
      'PNConfigurationOperation',
      `The ${name} option must be a ${type}, got ${describe(value)}.`,
    );
}

// Checked here, where the mistake is: a wrong object would otherwise fail deep inside the first encryption.
function cryptoModuleOption(value: unknown): CryptoModule | undefined {
  const methods = ['encrypt', 'decrypt', 'encryptFile', 'decryptFile', 'encryptedFileSize'] as const;
  if (
    value === undefined ||
    methods.every((method) => typeof (value as Partial<CryptoModule>)?.[method] === 'function')
  ) {
    return value as CryptoModule | undefined;
  }
  throw PubNubError.validation(
    'PNConfigurationOperation',
    `The cryptoModule option must be a crypto module, such as CryptoModule.aesCbcCryptoModule({ cipherKey }), got ${describe(value)}.`,
  );
}

function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw PubNubError.validation(
      'PNConfigurationOperation',
      `The ${name} option must be a positive integer, got ${describe(value)}.`,
    );
  }
  return value;
}

/** Checks the options once, in the constructor, and fills in the defaults. Throws a validation `PubNubError`. */
export function resolveConfig(input: PubNubConfig): ResolvedConfig {
  if (typeof input !== 'object' || input === null) {
    throw PubNubError.validation(
      'PNConfigurationOperation',
      'new PubNub(config) expects an options object with at least subscribeKey and userId.',
    );
  }
  if (input.fetch === undefined && typeof globalThis.fetch !== 'function') {
    throw PubNubError.validation(
      'PNConfigurationOperation',
      'No fetch implementation: pass the fetch option on runtimes without a global fetch.',
    );
  }
  optionalOfType(input.fetch, 'function', 'fetch');
  // Checked, not coerced: the string 'false' (read from an environment variable) would otherwise mean https.
  optionalOfType(input.ssl, 'boolean', 'ssl');
  if (input.secretKey !== undefined && input.publishKey === undefined) {
    throw PubNubError.validation(
      'PNConfigurationOperation',
      'secretKey is set but publishKey is not: the request signature covers the publish key, so give both.',
    );
  }
  return {
    subscribeKey: requireNonEmpty(input.subscribeKey, 'subscribeKey'),
    publishKey: urlText(optionalString(input.publishKey, 'publishKey'), 'publishKey'),
    userId: requireNonEmpty(input.userId, 'userId'),
    secretKey: optionalString(input.secretKey, 'secretKey'),
    authKey: urlText(optionalString(input.authKey, 'authKey'), 'authKey'),
    cipherKey: optionalString(input.cipherKey, 'cipherKey'),
    cryptoModule: cryptoModuleOption(input.cryptoModule),
    origin: hostOrigin(input.origin),
    ssl: input.ssl ?? true,
    fetch: input.fetch ?? platformFetch,
    requestTimeout: positiveInteger(input.requestTimeout, 'requestTimeout', 15_000),
    fileRequestTimeout: positiveInteger(input.fileRequestTimeout, 'fileRequestTimeout', 300_000),
    fileUploadPublishRetryLimit: positiveInteger(input.fileUploadPublishRetryLimit, 'fileUploadPublishRetryLimit', 5),
    retryPolicy: resolveRetryPolicy(input.retryPolicy),
    filterExpression: optionalString(input.filterExpression, 'filterExpression'),
  };
}

function hostOrigin(value: unknown): string {
  const origin = optionalString(value, 'origin') ?? 'ps.pndsn.com';
  if (!/^[^/:?#\s]+(:\d+)?$/.test(origin)) {
    throw PubNubError.validation(
      'PNConfigurationOperation',
      'The origin option is a host with an optional port, such as ps.pndsn.com or 127.0.0.1:8090 (no scheme or path: ssl picks https or http).',
    );
  }
  return origin;
}

function resolveRetryPolicy(input: Partial<RetryPolicy> | false | undefined): RetryPolicy {
  if (input === false) return { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 };
  // An option given as `undefined` (as plain JavaScript often builds them) means "the default", not "none".
  const given = Object.entries(input ?? {}).filter(([, value]) => value !== undefined);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...Object.fromEntries(given) };
  positiveInteger(policy.maxAttempts, 'retryPolicy.maxAttempts', 1);
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= policy.baseDelayMs)) {
    throw PubNubError.validation(
      'PNConfigurationOperation',
      'retryPolicy needs 0 <= baseDelayMs <= maxDelayMs (milliseconds).',
    );
  }
  return policy;
}

/** `https://ps.pndsn.com`, or `http://127.0.0.1:8080` with `ssl: false`. */
export function originUrl(config: Pick<ResolvedConfig, 'origin' | 'ssl'>): string {
  return `${config.ssl ? 'https' : 'http'}://${config.origin}`;
}
