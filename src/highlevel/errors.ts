/** What kind of failure a status describes: switch on it to decide what to do. */
export type StatusCategory =
  | 'PNAcknowledgmentCategory'
  | 'PNValidationErrorCategory'
  | 'PNBadRequestCategory'
  | 'PNAccessDeniedCategory'
  | 'PNNotFoundCategory'
  | 'PNTimeoutCategory'
  | 'PNNetworkIssuesCategory'
  | 'PNCancelledCategory'
  | 'PNMalformedResponseCategory'
  | 'PNTooManyRequestsCategory'
  | 'PNServerErrorCategory'
  | 'PNDecryptionErrorCategory'
  | 'PNUnknownCategory'
  // Subscription statuses (not errors): the loop is live, is live again after a failure, or was stopped.
  | 'PNConnectedCategory'
  | 'PNReconnectedCategory'
  | 'PNDisconnectedCategory';

/**
 * How error messages name each operation ("List files failed: …"): one per public method, plus the internal steps of
 * sendFile and the constructor's configuration check. An operation without wording here is not an `Operation`.
 */
export const OPERATION_WORDING = {
  PNConfigurationOperation: 'Configuration',
  PNPublishFileOperation: 'Publish file',
  PNGenerateUploadUrlOperation: 'Generate upload URL',
  PNUploadFileOperation: 'Upload file',
  PNPublishFileMessageOperation: 'Publish file message',
  PNListFilesOperation: 'List files',
  PNGetFileUrlOperation: 'Get file URL',
  PNDownloadFileOperation: 'Download file',
  PNDeleteFileOperation: 'Delete file',
  PNSubscribeOperation: 'Subscribe',
  PNFetchMessagesOperation: 'Fetch messages',
  PNEncryptOperation: 'Encrypt',
  PNDecryptOperation: 'Decrypt',
} as const;

/** Which call (or step of sendFile) a status is about. */
export type Operation = keyof typeof OPERATION_WORDING;

export interface Status {
  error: boolean;
  category: StatusCategory;
  operation: Operation;
  /** HTTP status of the failing response; absent when no response arrived. */
  statusCode?: number;
  /** The parsed error body (JSON, publish array or S3 XML fields) or the underlying error. Never holds secrets. */
  errorData?: unknown;
  /** Set when sendFile failed after a good upload, so `publishFileMessage` can finish the job. */
  channel?: string;
  fileId?: string;
  fileName?: string;
}

// A registered symbol is the same in every copy of this package loaded in one process (the ESM and the CJS build, or
// two versions): `isPubNubError` recognises the errors of all of them, where `instanceof` knows only its own class.
const BRAND: unique symbol = Symbol.for('pubnub-files.PubNubError');

/** The one error type of this SDK: every failure, whatever its cause, carries a `status` you can switch on. */
export class PubNubError extends Error {
  override readonly name = 'PubNubError';
  readonly status: Status;
  readonly [BRAND] = true;

  constructor(message: string, status: Omit<Status, 'error'>, options?: { cause?: unknown }) {
    const cause = options?.cause;
    super(redactSecrets(message), cause === undefined || causeCarriesSecrets(cause) ? undefined : { cause });
    // errorData may echo a request URL, with its credentials. The other fields are the caller's own values (a channel
    // named `a&auth=b` stays so): they are what a recovery (publishFileMessage after sendFile) is made of.
    const { errorData } = status;
    this.status = {
      ...status,
      ...(errorData === undefined ? {} : { errorData: mapStrings(errorData, redactSecrets) }),
      error: true,
    };
  }

  /**
   * `instanceof PubNubError` holds for the errors of every copy of this package in the process, by their brand: the
   * package root and `pubnub-files/operations` are built as separate files, each with its own copy of this class, and
   * the ESM and CJS builds are two more. A subclass keeps the ordinary prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === PubNubError ? isPubNubError(value) : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  toJSON(): { name: string; message: string; status: Status } {
    return { name: this.name, message: this.message, status: this.status };
  }

  // One constructor per kind of failure; each message says what happened and, where it can, what to do.

  /** Input refused before any request: `message` names the parameter, what was wrong and what was expected. */
  static validation(operation: Operation, message: string): PubNubError {
    return new PubNubError(message, { category: 'PNValidationErrorCategory', operation });
  }

  /** A payload that cannot be decrypted: wrong key, corrupt, truncated or of an unknown format. */
  static decryption(message: string, cause?: unknown): PubNubError {
    return new PubNubError(
      `Decryption failed: ${message}`,
      { category: 'PNDecryptionErrorCategory', operation: 'PNDecryptOperation' },
      { cause },
    );
  }

  /** The call's signal fired: its reason (what `abort(reason)` was given) is kept as the error's cause. */
  static cancelled(operation: Operation, signal?: AbortSignal): PubNubError {
    return new PubNubError(
      `${OPERATION_WORDING[operation]} was cancelled by its AbortSignal`,
      { category: 'PNCancelledCategory', operation },
      signal?.aborted ? { cause: signal.reason } : undefined,
    );
  }

  /** No complete answer within the request timeout. */
  static timeout(operation: Operation): PubNubError {
    return new PubNubError(`${OPERATION_WORDING[operation]} timed out: no complete answer within the request timeout`, {
      category: 'PNTimeoutCategory',
      operation,
    });
  }

  /** No answer at all; `code` is the underlying error code (`ECONNREFUSED`, …) when one is known. */
  static network(
    operation: Operation,
    errorData: { message: string },
    code: string | undefined,
    cause: unknown,
  ): PubNubError {
    return new PubNubError(
      `${OPERATION_WORDING[operation]} failed: no response (${errorData.message}${code ? `: ${code}` : ''}); check the network and the origin`,
      { category: 'PNNetworkIssuesCategory', operation, errorData: code ? { ...errorData, code } : errorData },
      { cause },
    );
  }

  /** An answer without the shape the service promises (`what` says how). */
  static malformed(operation: Operation, what: string, statusCode?: number, errorData?: unknown): PubNubError {
    return new PubNubError(`${OPERATION_WORDING[operation]} failed: ${what}`, {
      category: 'PNMalformedResponseCategory',
      operation,
      ...(statusCode === undefined ? {} : { statusCode }),
      ...(errorData === undefined ? {} : { errorData }),
    });
  }

  /** What this code did not expect (a fault of its own, or a thrown non-error), reported instead of thrown raw. */
  static unexpected(operation: Operation, thrown: unknown, what = 'Unexpected failure'): PubNubError {
    const reason = thrownText(thrown);
    return new PubNubError(`${what}: ${reason}`, { category: 'PNUnknownCategory', operation }, { cause: thrown });
  }
}

/** True for a `PubNubError` from any copy of this package (ESM or CJS build, another version) loaded in the process. */
export function isPubNubError(value: unknown): value is PubNubError {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

const SECRET_QUERY =
  /([?&](?:auth|signature|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Policy)=)[^&#\s"'()]*/gi;

/** Removes auth tokens and signatures from any URL inside `text`. */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_QUERY, '$1[redacted]');
}

// A cause is kept for debugging, but logging the error prints it (and its own causes) verbatim: one whose message
// holds a URL with credentials (as some fetch implementations write it) is dropped, its text already redacted above.
function causeCarriesSecrets(cause: unknown, depth = 8): boolean {
  const text = thrownText(cause);
  return (
    redactSecrets(text) !== text || (cause instanceof Error && depth > 0 && causeCarriesSecrets(cause.cause, depth - 1))
  );
}

/** `value` with `change` applied to every string in it, keys included. */
export function mapStrings(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [change(key), mapStrings(item, change)]));
}

/**
 * `error` with the configured secrets (auth key, secret key) hidden wherever a server or a thrown error could have put
 * them: its message, its errorData (every string, keys included, searched as they are: in JSON text a secret holding
 * `"` or `\` would be escaped and missed) and its cause chain, which is dropped when it holds one (logging the error
 * would print it). Category, operation, statusCode and the file fields stay as they are: callers act on them.
 */
export function hidingSecrets(error: PubNubError, secrets: ReadonlyArray<string | undefined>): PubNubError {
  let found = false;
  const hide = (text: string): string => {
    for (const secret of secrets) {
      if (secret && text.includes(secret)) {
        found = true;
        text = text.replaceAll(secret, '[redacted]');
      }
    }
    return text;
  };
  const { error: _, errorData, ...status } = error.status;
  const message = hide(error.message);
  const data = mapStrings(errorData, hide);
  for (let cause = error.cause, depth = 0; cause instanceof Error && depth < 8; cause = cause.cause, depth++)
    hide(cause.message);
  return found ? new PubNubError(message, errorData === undefined ? status : { ...status, errorData: data }) : error;
}

/**
 * What a thrown value says, without throwing again: anything can be thrown, and `String()` itself throws for some
 * values (an object without a prototype, one whose `toString` throws).
 */
export function thrownText(thrown: unknown): string {
  try {
    return thrown instanceof Error ? String(thrown.message) : String(thrown);
  } catch {
    return Object.prototype.toString.call(thrown);
  }
}
