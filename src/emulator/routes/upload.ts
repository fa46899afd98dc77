import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STORAGE_PREFIX, type EmulatorContext } from '../context.ts';
import { objectKeyPath } from '../download-url.ts';
import { sendS3Error, type S3ErrorDetails } from '../http.ts';
import { MalformedMultipartError, MultipartParser, boundaryOf } from '../multipart.ts';
import { HEADER_VALUE } from '../file-store.ts';
import { MAX_STORED_FILE_BYTES } from '../../generated/spec-facts.ts';
import { checkUploadFields } from '../upload-policy.ts';

/**
 * uploadFile: the S3 presigned POST (docs/protocol.md A2 step 2). The body is parsed as it streams: the text fields are
 * checked against the signed policy before the file part is read, and a body that cannot fit is refused without
 * being buffered.
 */

/** Room for the form fields and multipart framing around a maximal file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
const MAX_FIELD_BYTES = 16 * 1024;
const MAX_FIELDS = 32;
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

type Stored = { status: 204; headers: Record<string, string> };
type Refused = { status: number; error: S3ErrorDetails };
type Outcome = Refused | Accepted;

export function handleUpload(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  baseUrl: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let decided = false;
    const decide = (outcome: Outcome | undefined): void => {
      if (outcome === undefined || decided) return;
      decided = true;
      respond(ctx, res, outcome, baseUrl).then(resolve, reject);
    };
    // After a refusal the rest of the body is read and dropped, never buffered: closing the connection mid-body would
    // make many clients report a broken pipe instead of the answer. Only a body far too large is cut off.
    let received = 0;
    const receiver = startReceiving(ctx, req);
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (!decided && !('error' in receiver)) decide(receiver.push(chunk));
      else if (received > DRAIN_LIMIT_BYTES) req.socket.destroy();
    });
    req.on('end', () => {
      if (!decided && !('error' in receiver)) decide(receiver.finish());
    });
    req.on('error', reject);
    if ('error' in receiver) decide(receiver);
  });
}

type Receiver = { push(chunk: Buffer): Outcome | undefined; finish(): Outcome };
type Accepted = { objectKey: string; contentType: string; bytes: Buffer };

function startReceiving(ctx: EmulatorContext, req: IncomingMessage): Receiver | Refused {
  const boundary = boundaryOf(req.headers['content-type']);
  if (boundary === undefined) {
    return bad('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  }
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > MAX_STORED_FILE_BYTES + FORM_OVERHEAD_BYTES) return tooLarge(declared);

  const parser = new MultipartParser(boundary);
  const fields = new Map<string, string>();
  let current: { name: string; chunks: Buffer[]; size: number } | undefined;
  let file:
    | { objectKey: string; contentType: string; minBytes: number; maxBytes: number; chunks: Buffer[]; size: number }
    | undefined;
  let fileDone = false;
  let received = 0;

  const consume = (chunk: Buffer): Outcome | undefined => {
    received += chunk.length;
    if (received > MAX_STORED_FILE_BYTES + FORM_OVERHEAD_BYTES) return tooLarge(file?.size ?? received);
    for (const event of parser.push(chunk)) {
      if (fileDone) continue; // S3 ignores whatever follows the file part.
      if (event.type === 'part' && event.name === 'file') {
        const check = checkUploadFields(ctx.storageSecret, fields, ctx.now());
        if (!check.ok) return { status: check.status, error: check.error };
        // It is served as the download's Content-Type header: a value no header can carry would make the file
        // unservable.
        if (!HEADER_VALUE.test(check.contentType))
          return bad('InvalidArgument', 'The Content-Type field cannot be sent as a header value.');
        file = { ...check, chunks: [], size: 0 };
      } else if (event.type === 'part') {
        if (fields.size >= MAX_FIELDS) return malformed('too many form fields');
        current = { name: event.name.toLowerCase(), chunks: [], size: 0 };
      } else if (event.type === 'data' && file !== undefined) {
        file.size += event.bytes.length;
        // Past the limit the bytes are only counted, to report the proposed size as S3 does.
        if (file.size <= file.maxBytes) file.chunks.push(Buffer.from(event.bytes));
      } else if (event.type === 'data' && current !== undefined) {
        current.size += event.bytes.length;
        if (current.size > MAX_FIELD_BYTES) return malformed(`form field ${current.name} is too long`);
        current.chunks.push(Buffer.from(event.bytes));
      } else if (event.type === 'end' && file !== undefined) {
        fileDone = true;
      } else if (event.type === 'end' && current !== undefined) {
        fields.set(current.name, Buffer.concat(current.chunks).toString('utf8'));
        current = undefined;
      }
    }
    return undefined;
  };

  return {
    push(chunk) {
      try {
        return consume(chunk);
      } catch (error) {
        if (error instanceof MalformedMultipartError) return malformed(error.message);
        throw error;
      }
    },
    finish() {
      if (!parser.done) return malformed('the body ended before its closing boundary');
      if (file === undefined || !fileDone)
        return bad('InvalidArgument', 'POST requires exactly one file upload per request.');
      if (file.size > file.maxBytes) return tooLarge(file.size);
      if (file.size < file.minBytes) {
        return bad('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', [
          ['ProposedSize', file.size],
          ['MinSizeAllowed', file.minBytes],
        ]);
      }
      return { objectKey: file.objectKey, contentType: file.contentType, bytes: Buffer.concat(file.chunks) };
    },
  };
}

async function respond(ctx: EmulatorContext, res: ServerResponse, outcome: Outcome, baseUrl: string): Promise<void> {
  const final = 'bytes' in outcome ? await store(ctx, outcome, baseUrl) : outcome;
  if ('error' in final) return sendS3Error(res, final.status, final.error);
  res.writeHead(204, final.headers);
  res.end();
}

async function store(
  ctx: EmulatorContext,
  { objectKey, contentType, bytes }: Accepted,
  baseUrl: string,
): Promise<Stored | Refused> {
  const nowMs = ctx.now();
  const upload = ctx.store.pendingUpload(objectKey, nowMs);
  if (upload === undefined) {
    return {
      status: 403,
      error: { code: 'AccessDenied', message: 'Invalid according to Policy: the upload form is unknown or expired.' },
    };
  }
  const md5 = createHash('md5').update(bytes).digest('hex');
  await ctx.store.save(
    {
      id: upload.id,
      subKey: upload.subKey,
      channel: upload.channel,
      name: upload.name,
      objectKey,
      contentType,
      size: bytes.length,
      md5,
      createdMs: nowMs,
      expiresAtMs: nowMs + ctx.fileTtlMs,
    },
    bytes,
  );
  return {
    status: 204,
    headers: {
      ETag: `"${md5}"`,
      Location: `${baseUrl}${STORAGE_PREFIX}/${objectKeyPath(objectKey)}`,
      'x-amz-server-side-encryption': 'AES256',
    },
  };
}

function tooLarge(proposedSize: number): Refused {
  return bad('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', [
    ['ProposedSize', proposedSize],
    ['MaxSizeAllowed', MAX_STORED_FILE_BYTES],
  ]);
}

function malformed(detail: string): Refused {
  return bad(
    'MalformedPOSTRequest',
    `The body of your POST request is not well-formed multipart/form-data (${detail}).`,
  );
}

function bad(code: string, message: string, extra?: S3ErrorDetails['extra']): Refused {
  return { status: 400, error: extra === undefined ? { code, message } : { code, message, extra } };
}
