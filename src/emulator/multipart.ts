/**
 * A push parser for multipart/form-data that never holds more than one chunk plus a boundary's worth of bytes, so an
 * upload can be checked field by field and refused before its file part is read into memory.
 */

export type MultipartEvent =
  | { type: 'part'; name: string; filename: string | undefined; contentType: string | undefined }
  | { type: 'data'; bytes: Buffer }
  | { type: 'end' };

export class MalformedMultipartError extends Error {}

const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

export class MultipartParser {
  /** `\r\n--boundary`: the body is fed a leading CRLF so the first boundary looks like every later one. */
  private readonly delimiter: Buffer;
  private pending: Buffer = CRLF;
  private state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';

  constructor(boundary: string) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  get done(): boolean {
    return this.state === 'done';
  }

  push(chunk: Buffer): MultipartEvent[] {
    if (this.state === 'done') return [];
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const events: MultipartEvent[] = [];
    while (this.step(events));
    return events;
  }

  /** Call at end of input: a body that stops before its closing boundary is malformed. */
  finish(): void {
    if (this.state !== 'done') throw new MalformedMultipartError('multipart body ended before its closing boundary');
  }

  /** Consumes what it can; returns whether another step may make progress. */
  private step(events: MultipartEvent[]): boolean {
    switch (this.state) {
      case 'preamble':
      case 'body':
        return this.consumeUntilDelimiter(events);
      case 'headers':
        return this.consumeHeaders(events);
      case 'done':
        return false;
    }
  }

  private consumeUntilDelimiter(events: MultipartEvent[]): boolean {
    const at = this.pending.indexOf(this.delimiter);
    if (at === -1) {
      // Keep a tail that could be the start of a delimiter split across chunks.
      const safe = this.pending.length - (this.delimiter.length + 1);
      if (safe > 0) {
        if (this.state === 'body') events.push({ type: 'data', bytes: this.pending.subarray(0, safe) });
        this.pending = this.pending.subarray(safe);
      }
      return false;
    }
    const after = at + this.delimiter.length;
    if (this.pending.length < after + 2) return false;
    if (this.state === 'body') {
      if (at > 0) events.push({ type: 'data', bytes: this.pending.subarray(0, at) });
      events.push({ type: 'end' });
    }
    const marker = this.pending.subarray(after, after + 2).toString('latin1');
    this.pending = this.pending.subarray(after + 2);
    if (marker === '--') {
      this.state = 'done';
      return false;
    }
    if (marker !== '\r\n') throw new MalformedMultipartError('boundary not followed by CRLF or --');
    this.state = 'headers';
    return true;
  }

  private consumeHeaders(events: MultipartEvent[]): boolean {
    const end = this.pending.indexOf(HEADER_END);
    if (end === -1) {
      if (this.pending.length > MAX_HEADER_BYTES) throw new MalformedMultipartError('part headers too long');
      return false;
    }
    const headers = parseHeaders(this.pending.subarray(0, end).toString('utf8'));
    this.pending = this.pending.subarray(end + HEADER_END.length);
    const disposition = headers.get('content-disposition') ?? '';
    const name = dispositionParam(disposition, 'name');
    if (!/^form-data\b/i.test(disposition) || name === undefined) {
      throw new MalformedMultipartError('part without a form-data Content-Disposition name');
    }
    events.push({
      type: 'part',
      name,
      filename: dispositionParam(disposition, 'filename'),
      contentType: headers.get('content-type'),
    });
    this.state = 'body';
    return true;
  }
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MalformedMultipartError(`malformed part header line: ${line.slice(0, 80)}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function dispositionParam(disposition: string, param: string): string | undefined {
  const match = new RegExp(`;\\s*${param}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition);
  if (match?.[1] !== undefined) return match[1].replace(/\\(.)/g, '$1');
  return new RegExp(`;\\s*${param}=([^;\\s]+)`, 'i').exec(disposition)?.[1];
}
