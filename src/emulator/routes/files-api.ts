import { createHmac, randomUUID } from 'node:crypto';
import { isoSeconds } from '../aws-format.ts';
import { contentTypeFor } from '../content-type.ts';
import {
  STORAGE_PREFIX,
  type ApiCall,
  type EmulatorContext,
  type OperationJson,
  type OperationParams,
} from '../context.ts';
import { createDownloadLink } from '../download-url.ts';
import { unservable, type StoredFile } from '../file-store.ts';
import { sendFilesError, sendJson } from '../http.ts';
import { createUploadForm } from '../upload-policy.ts';

/** The files service's own operations: generateUploadUrl, listFiles, getFile, deleteFile (docs/protocol.md A2). */

const DAY_MS = 86_400_000;

type FilesOperation = 'generateUploadUrl' | 'listFiles' | 'getFile' | 'deleteFile';
type Call<K extends FilesOperation> = ApiCall<OperationParams<K>, OperationJson<K>>;

export async function generateUploadUrl(ctx: EmulatorContext, call: Call<'generateUploadUrl'>): Promise<void> {
  const { name } = call.json;
  const { sub_key: subKey, channel } = call.params;
  // A file the emulator could store but never serve is refused now, not found out at the first download.
  const problem = unservable('name', name) ?? unservable('sub_key', subKey) ?? unservable('channel', channel);
  if (problem !== undefined) return sendFilesError(call.res, 400, problem);
  const id = randomUUID();
  // The real key's second segment is a 43-character id per key set; a keyed hash of the sub key has that shape.
  const opaque = createHmac('sha256', ctx.storageSecret).update(subKey).digest('base64url');
  const objectKey = `${subKey}/${opaque}/${id}/${name}`;
  const nowMs = ctx.now();
  ctx.store.reserve({ id, subKey, channel, name, objectKey, expiresAtMs: nowMs + ctx.uploadUrlTtlMs }, nowMs);
  const form = createUploadForm(ctx.storageSecret, {
    uploadUrl: `${call.baseUrl}${STORAGE_PREFIX}/`,
    objectKey,
    contentType: contentTypeFor(name),
    objectTtlDays: Math.max(1, Math.ceil(ctx.fileTtlMs / DAY_MS)),
    nowMs,
    ttlMs: ctx.uploadUrlTtlMs,
  });
  sendJson(call.res, 200, { status: 200, data: { id, name }, file_upload_request: form });
}

export async function listFiles(ctx: EmulatorContext, call: Call<'listFiles'>): Promise<void> {
  const nowMs = ctx.now();
  await ctx.store.purgeExpired(nowMs);
  const files = ctx.store.list(call.params.sub_key, call.params.channel, nowMs);
  const limit = call.params.limit ?? 100;
  const token = call.params.next;
  let start = 0;
  if (token !== undefined) {
    const cursor = decodePageToken(token);
    if (cursor === undefined) return sendFilesError(call.res, 400, "Invalid parameter 'next': not a page token");
    start = files.findIndex(
      (f) => f.createdMs > cursor.createdMs || (f.createdMs === cursor.createdMs && f.id > cursor.id),
    );
    if (start === -1) start = files.length;
  }
  const page = files.slice(start, start + limit);
  const last = page.at(-1);
  const hasMore = start + limit < files.length;
  sendJson(call.res, 200, {
    status: 200,
    data: page.map((f) => ({ name: f.name, id: f.id, size: f.size, created: isoSeconds(f.createdMs) })),
    next: hasMore && last !== undefined ? encodePageToken(last) : null,
    count: page.length,
  });
}

export async function getFile(ctx: EmulatorContext, call: Call<'getFile'>): Promise<void> {
  const file = await findFile(ctx, call);
  if (file === undefined) return sendFilesError(call.res, 404, 'File not found');
  const link = createDownloadLink(ctx.storageSecret, `${call.baseUrl}${STORAGE_PREFIX}`, file.objectKey, ctx.now());
  call.res.writeHead(307, {
    Location: link.url,
    'Cache-Control': `public, max-age=${link.maxAgeSeconds}, immutable`,
    'Content-Length': '0',
  });
  call.res.end();
}

export async function deleteFile(ctx: EmulatorContext, call: Call<'deleteFile'>): Promise<void> {
  const file = await findFile(ctx, call);
  if (file === undefined) return sendFilesError(call.res, 404, 'File not found');
  await ctx.store.remove(file.id);
  sendJson(call.res, 200, { status: 200 });
}

async function findFile(ctx: EmulatorContext, call: Call<'getFile' | 'deleteFile'>): Promise<StoredFile | undefined> {
  const nowMs = ctx.now();
  await ctx.store.purgeExpired(nowMs);
  const { sub_key: subKey, channel, file_id: fileId, file_name: fileName } = call.params;
  const file = ctx.store.find(subKey, channel, fileId, nowMs);
  return file?.name === fileName ? file : undefined;
}

/** Opaque to clients; a position in the (created, id) order, so deleting or adding files never repeats a file. */
function encodePageToken(file: StoredFile): string {
  return Buffer.from(`${file.createdMs}:${file.id}`).toString('base64url');
}

function decodePageToken(token: string): { createdMs: number; id: string } | undefined {
  const match = /^(\d+):([0-9a-f-]{36})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? { createdMs: Number(match[1]), id: match[2] ?? '' } : undefined;
}
