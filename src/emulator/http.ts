import type { IncomingMessage, ServerResponse } from 'node:http';

/** Response helpers for the three error dialects the real service speaks: files JSON, Access Manager JSON, S3 XML. */

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** `{status, error: {source: 'files', message, code}}`, the files service's error body (docs/protocol.md A1). */
export function filesErrorBody(
  status: number,
  message: string,
): { status: number; error: { source: string; message: string; code: number } } {
  return { status, error: { source: 'files', message, code: status } };
}

export function sendFilesError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, filesErrorBody(status, message));
}

/** `{status, error: true, error_message, channels: {}}`, the history service's error body. */
export function sendHistoryError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { status, error: true, error_message: message, channels: {} });
}

/** The Access Manager refusal (403) used for signature and timestamp failures. */
export function sendAccessDenied(res: ServerResponse, message: string): void {
  sendJson(res, 403, { error: true, status: 403, service: 'Access Manager', message });
}

export interface S3ErrorDetails {
  code: string;
  message: string;
  /** Extra elements after `<Message>`, in order, e.g. `ProposedSize`, `MaxSizeAllowed`. */
  extra?: ReadonlyArray<readonly [string, string | number]>;
}

function s3ErrorXml({ code, message, extra = [] }: S3ErrorDetails): string {
  const elements = extra.map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>${elements}</Error>`
  );
}

export function sendS3Error(res: ServerResponse, status: number, details: S3ErrorDetails): void {
  const text = s3ErrorXml(details);
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Element text only needs `&`, `<` and `>` escaped; quotes stay readable, as in S3's own messages. */
function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Reads a small request body (JSON API calls). Past `limit` bytes the rest is read and dropped, not buffered, so the
 * caller can still answer (closing mid-body makes clients report a broken pipe); past `cutOff` the connection is cut.
 */
export function readSmallBody(req: IncomingMessage, limit: number, cutOff = 16 * limit): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > cutOff) req.socket.destroy();
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
