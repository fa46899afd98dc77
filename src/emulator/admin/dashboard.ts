import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isoSeconds } from '../aws-format.ts';
import { STORED_FILE_HEADERS } from '../content-type.ts';
import type { EmulatorContext } from '../context.ts';
import { DASHBOARD_DIR } from '../dashboard-assets.ts';
import { sendJson } from '../http.ts';
import type { PublishedMessage } from '../subscribe-hub.ts';
import type { RequestLog } from './request-log.ts';

/**
 * The dashboard's page and its data: the files of every channel, the file events as they are published, the last
 * requests and the armed faults, kept current over server-sent events (`/_emulator/events`).
 */

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard.css': { file: 'dashboard.css', type: 'text/css; charset=utf-8' },
  '/dashboard.js': { file: 'dashboard.js', type: 'text/javascript; charset=utf-8' },
};

/** The page runs its own script and styles and talks to its own origin, nothing else. */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const KEPT_EVENTS = 50;

export interface FileEventEntry {
  subKey: string;
  channel: string;
  timetoken: string;
  publisher: string;
  /** Absent when the message is encrypted. */
  file?: { id: string; name: string };
  encrypted: boolean;
  message?: unknown;
}

export class Dashboard {
  private readonly events: FileEventEntry[] = [];
  private readonly clients = new Set<ServerResponse>();

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly log: RequestLog,
  ) {
    ctx.hub.onPublish((message) => this.published(message));
    log.onEntry((entry) => this.broadcast('request', entry));
    ctx.faults.onChange(() => this.broadcast('faults', ctx.faults.list()));
  }

  async serveAsset(res: ServerResponse, path: string): Promise<boolean> {
    const asset = ASSETS[path];
    if (asset === undefined) return false;
    const body = await readFile(new URL(asset.file, DASHBOARD_DIR));
    res.writeHead(200, {
      'Content-Type': asset.type,
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      'Content-Security-Policy': PAGE_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
    });
    res.end(body);
    return true;
  }

  state(res: ServerResponse): void {
    const nowMs = this.ctx.now();
    const channels = new Map<string, { subKey: string; channel: string; files: unknown[] }>();
    for (const file of this.ctx.store.all(nowMs)) {
      const key = JSON.stringify([file.subKey, file.channel]);
      const group = channels.get(key) ?? { subKey: file.subKey, channel: file.channel, files: [] };
      group.files.push({
        id: file.id,
        name: file.name,
        size: file.size,
        created: isoSeconds(file.createdMs),
        contentType: file.contentType,
        url: `/_emulator/files/${encodeURIComponent(file.id)}/${encodeURIComponent(file.name)}`,
      });
      channels.set(key, group);
    }
    sendJson(
      res,
      200,
      {
        channels: [...channels.values()].sort((a, b) => (a.subKey + a.channel < b.subKey + b.channel ? -1 : 1)),
        events: this.events,
        requests: this.log.recent(),
        faults: this.ctx.faults.list(),
      },
      { 'Cache-Control': 'no-store' },
    );
  }

  /** `/_emulator/files/{id}` or `/_emulator/files/{id}/{name}`: the stored bytes, sandboxed. */
  async download(res: ServerResponse, id: string): Promise<void> {
    const file = this.ctx.store.byId(id, this.ctx.now());
    const object = file === undefined ? undefined : await this.ctx.store.readObject(file.objectKey, this.ctx.now());
    if (object === undefined) return sendJson(res, 404, { error: `No stored file with id ${JSON.stringify(id)}` });
    // Bytes that no longer match their upload are never served, here as on the storage path.
    if (object.damaged) return sendJson(res, 500, { error: `The stored bytes of ${JSON.stringify(id)} are damaged` });
    res.writeHead(200, {
      'Content-Type': object.file.contentType,
      'Content-Length': object.bytes.length,
      'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(object.file.name)}`,
      'Cache-Control': 'no-store',
      ...STORED_FILE_HEADERS,
    });
    res.end(object.bytes);
  }

  async remove(res: ServerResponse, id: string): Promise<void> {
    if (this.ctx.store.byId(id, this.ctx.now()) === undefined) {
      return sendJson(res, 404, { error: `No stored file with id ${JSON.stringify(id)}` });
    }
    await this.ctx.store.remove(id);
    this.broadcast('files', { deleted: id });
    sendJson(res, 200, { deleted: id });
  }

  /** A server-sent event stream: `request`, `file`, `faults` and `files` events, until the page or the emulator goes. */
  subscribe(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    res.once('close', () => this.clients.delete(res));
  }

  /** Ends every event stream, so the server can close. */
  close(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private published(message: PublishedMessage): void {
    if (message.type !== 4) return;
    const payload = message.payload as { file?: { id?: unknown; name?: unknown }; message?: unknown } | string;
    const entry: FileEventEntry = {
      subKey: message.subKey,
      channel: message.channel,
      timetoken: message.timetoken,
      publisher: message.publisher,
      encrypted: typeof payload === 'string',
    };
    if (typeof payload !== 'string') {
      entry.file = { id: String(payload.file?.id), name: String(payload.file?.name) };
      if ('message' in payload) entry.message = payload.message;
    }
    this.events.push(entry);
    if (this.events.length > KEPT_EVENTS) this.events.splice(0, this.events.length - KEPT_EVENTS);
    this.broadcast('file', entry);
  }

  private broadcast(event: string, data: unknown): void {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of this.clients) client.write(text);
  }
}
