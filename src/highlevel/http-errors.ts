// Turns every way a request can fail — an error response (openapi-fetch resolves those), a 200 whose JSON says
// otherwise, a rejected fetch, an abort — into one PubNubError, and says whether trying again could help.
import { OPERATION_WORDING, PubNubError, type Operation, type StatusCategory, thrownText } from './errors.ts';
import type { Attempt } from './retry.ts';
import { parseRetryAfter } from './retry.ts';

type Failure = Extract<Attempt<never>, { ok: false }>;

/** The operation's name in messages: `PNListFilesOperation` → "List files" ("List files failed: …"). */
export function action(operation: Operation): string {
  return OPERATION_WORDING[operation];
}

export function categoryOf(statusCode: number): StatusCategory {
  if (statusCode === 401 || statusCode === 403) return 'PNAccessDeniedCategory';
  if (statusCode === 404) return 'PNNotFoundCategory';
  if (statusCode === 408) return 'PNTimeoutCategory';
  if (statusCode === 429) return 'PNTooManyRequestsCategory';
  if (statusCode >= 500) return 'PNServerErrorCategory';
  if (statusCode >= 400) return 'PNBadRequestCategory';
  return 'PNMalformedResponseCategory';
}

/** The failure an error response describes; `body` is what openapi-fetch made of it (JSON, text or undefined). */
export function responseFailure(operation: Operation, response: Response, body: unknown): Failure {
  const statusCode = bodyStatus(body) ?? response.status;
  const errorData = parseErrorBody(body);
  const detail = errorMessage(errorData);
  const message = `${action(operation)} failed: HTTP ${statusCode}${detail ? ` — ${detail}` : ''}`;
  // A refusal array on HTTP 200 is still the server saying no to the request, not a garbled answer.
  const category = isPublishRefusal(body) && response.ok ? 'PNBadRequestCategory' : categoryOf(statusCode);
  const error = new PubNubError(message, {
    category,
    operation,
    statusCode,
    ...(errorData === undefined ? {} : { errorData }),
  });
  const retryable = statusCode === 429 || statusCode >= 500;
  const retryAfterMs = retryable ? parseRetryAfter(response.headers.get('Retry-After')) : undefined;
  return { ok: false, error, retryable, retryAfterMs };
}

/** A JSON body with a numeric `status` >= 400 is an error even on HTTP 200 (docs/protocol.md A1). */
export function bodyStatus(body: unknown): number | undefined {
  // Any parsed body: a primitive, null or an array has no `status` to read.
  const status = (body as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'number' && status >= 400 ? status : undefined;
}

/** A publish answer `[0, "reason", …]` is a refusal even on HTTP 200. */
export function isPublishRefusal(body: unknown): boolean {
  return Array.isArray(body) && body[0] === 0;
}

/** Why a request threw: the caller's signal, our timeout, an unreadable body, or the network. */
export function thrownFailure(
  operation: Operation,
  thrown: unknown,
  user: AbortSignal | undefined,
  timeout: AbortSignal,
): Failure {
  if (thrown instanceof PubNubError) return { ok: false, error: thrown, retryable: false };
  if (user?.aborted) return { ok: false, error: PubNubError.cancelled(operation, user), retryable: false };
  const errorData = describeThrown(thrown);
  if (timeout.aborted) return { ok: false, error: PubNubError.timeout(operation), retryable: true };
  if (thrown instanceof SyntaxError) {
    const error = PubNubError.malformed(operation, 'the response body is not the expected JSON', undefined, errorData);
    return { ok: false, error, retryable: false };
  }
  // fetch says only "fetch failed"; what failed (ECONNREFUSED, ENOTFOUND, a TLS error) is a code down its causes.
  return { ok: false, error: PubNubError.network(operation, errorData, causeCode(thrown), thrown), retryable: true };
}

/** The first error code (`ECONNREFUSED`, `UND_ERR_SOCKET`, …) down a cause chain: a name, never a host or a URL. */
function causeCode(thrown: unknown): string | undefined {
  for (let cause = thrown, depth = 0; typeof cause === 'object' && cause !== null && depth < 5; depth++) {
    const { code } = cause as { code?: unknown };
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(code)) return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What a thrown value says about itself, as `errorData`. */
export function describeThrown(thrown: unknown): { name: string; message: string } {
  if (thrown instanceof Error) return { name: thrown.name, message: thrown.message };
  return { name: typeof thrown, message: thrownText(thrown) };
}

/** JSON bodies stay as they are; S3's XML becomes `{code, message, …}`; other text becomes `{message}`. */
export function parseErrorBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  const trimmed = body.trim();
  if (trimmed === '') return undefined;
  const xml = /<Error>([\s\S]*)<\/Error>/.exec(trimmed);
  return xml ? parseS3Error(xml[1]!) : { message: trimmed.slice(0, 500) };
}

// S3 echoes the signature and credential it refused (SignatureDoesNotMatch): those never reach an error.
const SECRET_FIELD = /signature|credential|token|policy|stringtosign|accesskey/i;

function parseS3Error(inner: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, tag, value] of inner.matchAll(/<([A-Za-z][\w-]*)>([^<]*)<\/\1>/g)) {
    if (SECRET_FIELD.test(tag!)) continue;
    fields[tag![0]!.toLowerCase() + tag!.slice(1)] = unescapeXml(value!);
  }
  return fields;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The human part of any error body shape: files-service JSON, Access Manager, publish array, S3 XML. */
function errorMessage(errorData: unknown): string | undefined {
  if (Array.isArray(errorData)) return typeof errorData[1] === 'string' ? errorData[1] : undefined;
  // Any parsed body: optional chaining reads nothing from a primitive, null or a non-object `error` (`error: true`).
  const data = errorData as { message?: unknown; code?: unknown; error?: { message?: unknown } } | null | undefined;
  const nested = data?.error?.message;
  const message = typeof nested === 'string' ? nested : data?.message;
  if (typeof message !== 'string') return undefined;
  return typeof data?.code === 'string' ? `${data.code}: ${message}` : message;
}
