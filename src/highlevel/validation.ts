// Input checks shared by the operations. Each failure says which parameter, what was wrong and what was expected,
// and is raised before any request is made.
import { LONE_SURROGATE } from './config.ts';
import { describe } from './describe.ts';
import { PubNubError, type Operation } from './errors.ts';

/** A required, non-empty string parameter (`channel`, `fileId`, `fileName`, …). */
export function requireString(operation: Operation, name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw PubNubError.validation(operation, `Missing ${name}: expected a non-empty string, got ${describe(value)}.`);
  }
  return value;
}

/**
 * A required string that goes into a URL. One holding an unpaired UTF-16 surrogate has no UTF-8 form, so no URL can
 * carry it: it is refused here, not found out by a request that can never succeed.
 */
export function requireUrlText(operation: Operation, name: string, value: unknown): string {
  const text = requireString(operation, name, value);
  if (LONE_SURROGATE.test(text)) {
    throw PubNubError.validation(
      operation,
      `Invalid ${name}: it holds an unpaired UTF-16 surrogate, which no URL can carry.`,
    );
  }
  return text;
}

/**
 * A channel, file id or file name: it goes into URL paths, where `.` and `..` are resolved away by every URL parser
 * (even written `%2E`), so such a file could be sent but never downloaded or deleted.
 */
export function requirePathSegment(operation: Operation, name: string, value: unknown): string {
  const text = requireUrlText(operation, name, value);
  if (text === '.' || text === '..') {
    throw PubNubError.validation(
      operation,
      `Invalid ${name} "${text}": a URL path cannot carry it (it is resolved away); choose another.`,
    );
  }
  return text;
}

/** The file message's optional parts, checked the same way by sendFile and publishFileMessage. */
export interface PublishOptions {
  shouldStore?: boolean;
  ttl?: number;
  meta?: Record<string, unknown>;
  customMessageType?: string;
}

const CUSTOM_MESSAGE_TYPE = /^[A-Za-z0-9_-]{3,50}$/;

export function checkPublishOptions(operation: Operation, options: PublishOptions): void {
  const { shouldStore, ttl, meta, customMessageType } = options;
  if (shouldStore !== undefined && typeof shouldStore !== 'boolean') {
    throw PubNubError.validation(
      operation,
      `Invalid shouldStore: expected true or false, got ${describe(shouldStore)}.`,
    );
  }
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0)) {
    throw PubNubError.validation(
      operation,
      `Invalid ttl: expected a whole number of hours (0 or more), got ${describe(ttl)}.`,
    );
  }
  if (meta !== undefined && (typeof meta !== 'object' || meta === null || Array.isArray(meta))) {
    throw PubNubError.validation(
      operation,
      `Invalid meta: expected a plain JSON object, got ${Array.isArray(meta) ? 'an array' : describe(meta)}.`,
    );
  }
  if (meta !== undefined && !survivesJson(meta)) {
    throw PubNubError.validation(
      operation,
      'Invalid meta: expected a JSON-serialisable object (no cycles or BigInts).',
    );
  }
  if (
    customMessageType !== undefined &&
    (typeof customMessageType !== 'string' || !CUSTOM_MESSAGE_TYPE.test(customMessageType))
  ) {
    throw PubNubError.validation(
      operation,
      'Invalid customMessageType: expected 3 to 50 characters of A-Z, a-z, 0-9, "-" and "_".',
    );
  }
}

/** `message` must survive JSON: it goes on the wire as JSON text inside the URL. */
export function checkMessage(operation: Operation, message: unknown): void {
  if (message !== undefined && !survivesJson(message)) {
    throw PubNubError.validation(
      operation,
      'Invalid message: expected a JSON-serialisable value (no functions, symbols, cycles or BigInts).',
    );
  }
}

// `message` and `meta` are serialised only at publish time, after sendFile's upload: a value that cannot be must be
// refused before any request, or the file is stored and every publish attempt fails.
function survivesJson(value: unknown): boolean {
  try {
    return JSON.stringify(value) !== undefined;
  } catch {
    return false;
  }
}
