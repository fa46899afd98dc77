import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.ts';
import { FaultSpecError } from '../faults.ts';
import { readSmallBody, sendJson } from '../http.ts';
import type { Dashboard } from './dashboard.ts';

/**
 * The emulator's own endpoints, under `/_emulator/` (no PubNub or storage path starts with `_`): the dashboard
 * (dashboard.ts) and its data, and fault injection.
 *
 * They are for a developer on this machine, never for other sites' pages: no CORS headers, preflights refused, and
 * every request that changes something must carry the `X-Emulator-Admin` header. A page of another origin cannot
 * send a custom header without a preflight, and a page served by the emulator itself (an uploaded HTML file) runs
 * sandboxed, in an origin of its own.
 */

export const ADMIN_PREFIX = '/_emulator';
export const ADMIN_HEADER = 'x-emulator-admin';

const MAX_BODY_BYTES = 16 * 1024;

export function isAdminPath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?', 1)[0] ?? '/';
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

const FILE_PATH = /^\/files\/([0-9a-f-]{36})(?:\/[^/]*)?$/;

export function createAdminApi(ctx: EmulatorContext, dashboard: Dashboard) {
  return async function admin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?', 1)[0]!.slice(ADMIN_PREFIX.length) || '/';
    if (method === 'OPTIONS') {
      req.resume();
      return sendAdminError(res, 403, 'The emulator admin API does not answer other origins');
    }
    if (method !== 'GET' && method !== 'HEAD' && req.headers[ADMIN_HEADER] === undefined) {
      req.resume();
      return sendAdminError(res, 403, `Changes through the emulator admin API need the ${ADMIN_HEADER} header`);
    }
    if (path === '/faults') return faultsEndpoint(ctx, req, res, method);
    // Only arming a fault reads a body.
    req.resume();
    const fileId = FILE_PATH.exec(path)?.[1];
    if (fileId !== undefined && method === 'DELETE') return dashboard.remove(res, fileId);
    if (method === 'GET' || method === 'HEAD') {
      if (req.url === ADMIN_PREFIX) {
        res.writeHead(301, { Location: `${ADMIN_PREFIX}/`, 'Content-Length': '0' });
        return void res.end();
      }
      if (path === '/api/state') return dashboard.state(res);
      if (path === '/events') return dashboard.subscribe(req, res);
      if (fileId !== undefined) return dashboard.download(res, fileId);
      if (await dashboard.serveAsset(res, path)) return;
    }
    sendAdminError(res, 404, `No emulator endpoint ${method} ${ADMIN_PREFIX}${path}`);
  };
}

async function faultsEndpoint(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
): Promise<void> {
  if (method === 'GET') {
    req.resume();
    return sendJson(res, 200, { faults: ctx.faults.list() });
  }
  if (method === 'DELETE') {
    req.resume();
    ctx.faults.clear();
    return sendJson(res, 200, { faults: [] });
  }
  if (method !== 'POST') {
    req.resume();
    return sendAdminError(res, 405, `${method} is not allowed on ${ADMIN_PREFIX}/faults: use GET, POST or DELETE`);
  }
  const json = await readJson(req);
  if (!json.ok) return sendAdminError(res, 400, json.message);
  try {
    sendJson(res, 201, { fault: ctx.faults.arm(json.value as never) });
  } catch (error) {
    if (error instanceof FaultSpecError) return sendAdminError(res, 400, error.message);
    throw error;
  }
}

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    req.resume();
    return { ok: false, message: 'The body must be JSON, sent with Content-Type: application/json' };
  }
  const body = await readSmallBody(req, MAX_BODY_BYTES);
  if (body === undefined) return { ok: false, message: `The body is over ${MAX_BODY_BYTES} bytes` };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false, message: 'The body is not valid JSON' };
  }
}

export function sendAdminError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}
