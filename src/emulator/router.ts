import type { IncomingMessage, ServerResponse } from 'node:http';
import { operationFacts, type OperationId } from '../generated/spec-facts.ts';
import {
  STORAGE_PREFIX,
  type ApiCall,
  type EmulatorContext,
  type OperationJson,
  type OperationParams,
} from './context.ts';
import { readSmallBody, sendAccessDenied, sendFilesError, sendHistoryError, sendJson, sendS3Error } from './http.ts';
import { decodeSegment, parseQuery, queryRecord, type QueryPairs } from './query.ts';
import type { ResolvedOptions } from './options.ts';
import { signatureProblem } from './signature.ts';
import type { RouteMatch, SpecRoutes } from './spec-routes.ts';
import { handleDownload } from './routes/download.ts';
import { deleteFile, generateUploadUrl, getFile, listFiles } from './routes/files-api.ts';
import { answerPresence, isPresencePath } from './routes/presence.ts';
import { fetchMessages } from './routes/history.ts';
import { publishMessage } from './routes/publish.ts';
import { subscribe } from './routes/subscribe.ts';
import { handleUpload } from './routes/upload.ts';

/** Sends each request to its handler: CORS, storage (upload, download), then the spec's operations. */

/** The operations served on the storage host: those the spec sends without PubNub's common query. */
type StorageOperationId = {
  [K in OperationId]: (typeof operationFacts)[K]['commonQuery'] extends false ? K : never;
}[OperationId];

interface StorageCall {
  req: IncomingMessage;
  res: ServerResponse;
  rawPath: string;
  query: QueryPairs;
  baseUrl: string;
}

type StorageHandler = (ctx: EmulatorContext, call: StorageCall) => Promise<void>;
type ApiHandler = (ctx: EmulatorContext, call: ApiCall, rawPath: string) => void | Promise<void>;
/** A spec operation's handler: its call typed by the generated `operations` (the router validated it against them). */
type SpecHandler<K extends OperationId> = (
  ctx: EmulatorContext,
  call: ApiCall<OperationParams<K>, OperationJson<K>>,
  rawPath: string,
) => void | Promise<void>;

/** Calls an SDK makes that the files spec does not describe (see extraRoute). */
type ExtraOperationId = 'publish' | 'presence';

// One handler per operation of the spec: a new operation without one does not compile.
const storageHandlers = {
  uploadFile: (ctx, { req, res, baseUrl }) => handleUpload(ctx, req, res, baseUrl),
  downloadFile: (ctx, { res, rawPath, query }) =>
    handleDownload(ctx, res, rawPath.slice(STORAGE_PREFIX.length + 1), query),
} satisfies Record<StorageOperationId, StorageHandler>;

const specHandlers = {
  generateUploadUrl,
  listFiles,
  getFile,
  deleteFile,
  publishFileMessage: (ctx, call) => publishMessage(ctx, call, 4),
  subscribe,
  fetchMessages,
} satisfies { [K in Exclude<OperationId, StorageOperationId>]: SpecHandler<K> };

const extraHandlers = {
  publish: (ctx, call) => publishMessage(ctx, call, 0),
  presence: (_ctx, call, rawPath) => answerPresence(call.res, rawPath),
} satisfies Record<ExtraOperationId, ApiHandler>;

// Keyed by the operation id the router matched, which says what the call's params and body hold.
const apiHandlers = new Map(Object.entries({ ...specHandlers, ...extraHandlers }) as Array<[string, ApiHandler]>);

const MAX_JSON_BODY_BYTES = 64 * 1024;
const PLAIN_PUBLISH_PATH = /^\/publish\/([^/]+)\/([^/]+)\/0\/([^/]+)\/0\/([^/]+)$/;

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers':
    'Location, ETag, Cache-Control, Content-Length, Content-Type, x-amz-server-side-encryption',
};

export function createRouter(ctx: EmulatorContext, routes: SpecRoutes, signing: ResolvedOptions['signing']) {
  return async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
    const query = parseQuery(queryStart === -1 ? '' : url.slice(queryStart + 1));
    const method = req.method ?? 'GET';
    const baseUrl = `http://${req.headers.host ?? 'localhost'}`;
    for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);

    if (method === 'OPTIONS') return preflight(req, res);
    const injectFault = (operationId: string): Promise<boolean> =>
      ctx.faults.inject(operationId, req, res, () => ctx.clock.current());
    const storageOperation: StorageOperationId | undefined =
      rawPath === `${STORAGE_PREFIX}/`
        ? 'uploadFile'
        : rawPath.startsWith(`${STORAGE_PREFIX}/`)
          ? 'downloadFile'
          : undefined;
    if (storageOperation !== undefined) {
      const allowed = operationFacts[storageOperation].method;
      if (method !== allowed) return methodNotAllowed(req, res, [allowed], true);
      if (await injectFault(storageOperation)) return;
      return storageHandlers[storageOperation](ctx, { req, res, rawPath, query, baseUrl });
    }

    const match = routes.match(method, rawPath, query) ?? extraRoute(method, rawPath, query);
    if (match === undefined) {
      const allowed = routes.methodsOf(rawPath);
      if (allowed.length > 0) return methodNotAllowed(req, res, allowed, false);
      req.resume();
      return sendFilesError(res, 404, `No operation ${method} ${rawPath}`);
    }
    if (await injectFault(match.operationId)) return;
    const body = await readSmallBody(req, MAX_JSON_BODY_BYTES);
    // The spec declares no 413: the files service reports an oversized body as a bad request.
    if (body === undefined) return sendFilesError(res, 400, `Invalid request body: over ${MAX_JSON_BODY_BYTES} bytes`);
    if (signing !== undefined) {
      const problem = signatureProblem(
        { ...signing, nowMs: ctx.now() },
        { method, rawPath, query, body: body.toString('utf8') },
      );
      if (problem !== undefined) return sendAccessDenied(res, problem);
    }
    if (!match.ok) return sendBadRequest(res, match.operationId, match.message);

    let json: unknown;
    if (routes.expectsJsonBody(match.operationId)) {
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return sendFilesError(res, 400, 'Invalid request body: not JSON');
      }
      const problem = routes.bodyProblem(match.operationId, json);
      if (problem !== undefined) return sendFilesError(res, 400, problem);
    }
    const call: ApiCall = { req, res, params: match.params, json, baseUrl };
    const handler = apiHandlers.get(match.operationId);
    // Unreachable while the spec the routes read is the one src/generated/ was made from (`npm test` checks it).
    if (handler === undefined) return sendFilesError(res, 501, `Operation ${match.operationId} is not emulated`);
    return handler(ctx, call, rawPath);
  };
}

/** Calls an SDK makes that the files spec does not describe: plain publish and presence. */
function extraRoute(method: string, rawPath: string, query: QueryPairs): RouteMatch | undefined {
  if (method !== 'GET') return undefined;
  const params: Record<string, unknown> = { ...queryRecord(query) };
  let operationId: ExtraOperationId;
  const publish = PLAIN_PUBLISH_PATH.exec(rawPath);
  if (publish !== null) {
    operationId = 'publish';
    const [pubKey, subKey, channel, message] = publish.slice(1).map((s) => decodeSegment(s ?? ''));
    if ([pubKey, subKey, channel, message].some((s) => s === undefined)) {
      return { ok: false, operationId, message: 'Invalid percent-encoding in the path' };
    }
    Object.assign(params, { pub_key: pubKey, sub_key: subKey, channel, message });
  } else if (isPresencePath(rawPath)) {
    operationId = 'presence';
  } else {
    return undefined;
  }
  if (typeof params['uuid'] !== 'string' || params['uuid'] === '') {
    return { ok: false, operationId, message: "Missing required parameter 'uuid'" };
  }
  return { ok: true, operationId, params };
}

/** subscribe and presence answer in the core services' error shape, history and the files operations in theirs. */
function sendBadRequest(res: ServerResponse, operationId: string, message: string): void {
  if (operationId === 'subscribe' || operationId === 'presence' || operationId === 'publish') {
    return sendJson(res, 400, { status: 400, error: true, service: 'Balancer', message });
  }
  if (operationId === 'fetchMessages') return sendHistoryError(res, 400, message);
  sendFilesError(res, 400, message);
}

/** A path the service serves, asked with another method: 405 with `Allow`, in S3's dialect on storage paths. */
function methodNotAllowed(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: readonly string[],
  storage: boolean,
): void {
  req.resume();
  res.setHeader('Allow', allowed.join(', '));
  const message = `The specified method is not allowed against this resource: use ${allowed.join(' or ')}`;
  if (storage) return sendS3Error(res, 405, { code: 'MethodNotAllowed', message });
  sendFilesError(res, 405, message);
}

function preflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Content-Type',
    'Access-Control-Max-Age': '600',
    'Content-Length': '0',
  });
  res.end();
}
