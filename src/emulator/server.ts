import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminApi, isAdminPath } from './admin/admin-api.ts';
import { Dashboard } from './admin/dashboard.ts';
import { RequestLog } from './admin/request-log.ts';
import { createTimetokenClock } from './clock.ts';
import { connectionLimits, declaresBody, limitBodyTime, refuseClient } from './connection-limits.ts';
import type { EmulatorContext } from './context.ts';
import { Faults, type ArmedFault, type FaultSpec } from './faults.ts';
import { FileStore } from './file-store.ts';
import { sendFilesError } from './http.ts';
import { MessageHistory } from './message-history.ts';
import { resolveOptions, type EmulatorOptions } from './options.ts';
import { createRouter } from './router.ts';
import { SpecRoutes } from './spec-routes.ts';
import { diskBackend, memoryBackend } from './storage-backends.ts';
import { dataDirSecret, processSecret } from './storage-secret.ts';
import { SubscribeHub } from './subscribe-hub.ts';

export interface RunningEmulator {
  /** `127.0.0.1:PORT`: what SDKs take as `origin` (with `ssl: false`). */
  origin: string;
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /**
   * Makes calls fail on purpose, as `POST /_emulator/faults` does: the next `times` calls of `operation` answer
   * `status` with that operation's own error body, wait `delayMs` first, or lose their connection (`reset`).
   *
   * @example
   * emulator.faults.arm({ operation: 'publishFileMessage', status: 500, times: 5 });
   */
  faults: {
    /** Throws a TypeError naming the problem when the fault is not valid (e.g. an unknown operation). */
    arm(fault: FaultSpec): ArmedFault;
    /** The faults still armed, in the order they will be used. */
    list(): ArmedFault[];
    clear(): void;
  };
  /** Answers held subscribe polls, stops accepting connections and resolves once the server is closed. Idempotent. */
  close(): Promise<void>;
}

const hubs = new WeakMap<RunningEmulator, SubscribeHub>();

/** Internal, for the emulator's own tests (not exported by the package): the running emulator's subscribe hub. */
export function subscribeHubOf(emulator: RunningEmulator): SubscribeHub {
  const hub = hubs.get(emulator);
  if (hub === undefined) throw new TypeError('subscribeHubOf: not an emulator started by startEmulator');
  return hub;
}

/** Publish URLs carry whole messages (up to 32 KiB); Node's default 16 KiB header limit would refuse them first. */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Starts a local PubNub-compatible file service.
 *
 * @example
 * const emulator = await startEmulator({ inMemory: true });
 * const pubnub = new PubNub({ origin: emulator.origin, ssl: false, publishKey: 'demo', subscribeKey: 'demo', userId: 'me' });
 * // ...
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const routes = await SpecRoutes.load();
  const backend = resolved.storage.inMemory ? memoryBackend() : await diskBackend(resolved.storage.dataDir);
  const hub = new SubscribeHub(resolved.subscribeHoldMs);
  const faults = new Faults(routes.operationIds);
  for (const fault of options.faults ?? []) faults.arm(fault);
  const ctx: EmulatorContext = {
    store: await FileStore.open(backend),
    hub,
    history: new MessageHistory(resolved.now, resolved.messageRetentionMs),
    clock: createTimetokenClock(resolved.now),
    now: resolved.now,
    storageSecret: resolved.storage.inMemory ? processSecret() : await dataDirSecret(resolved.storage.dataDir),
    fileTtlMs: resolved.fileTtlMs,
    uploadUrlTtlMs: resolved.uploadUrlTtlMs,
    faults,
  };
  const route = createRouter(ctx, routes, resolved.signing);
  const requests = new RequestLog();
  const dashboard = new Dashboard(ctx, requests);
  const admin = createAdminApi(ctx, dashboard);
  let closing = false;
  const { requestTimeoutMs } = resolved;
  const limits = connectionLimits(MAX_HEADER_BYTES, requestTimeoutMs);
  const server = createServer(limits, (req, res) => {
    // A poll released by close() finishes after the server stopped; its keep-alive connection must not linger.
    const socket = req.socket;
    res.once('finish', () => {
      if (closing) socket.end();
    });
    // Only a request that has a body can stall in it; a long-lived answer to one without (a subscribe poll, the
    // dashboard's event stream) is not cut.
    if (!req.complete && declaresBody(req)) limitBodyTime(req, res, requestTimeoutMs);
    const isAdmin = isAdminPath(req.url);
    if (!isAdmin) requests.observe(req, res);
    (isAdmin ? admin(req, res) : route(req, res)).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      sendFilesError(res, 500, `Internal emulator error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => refuseClient(error, socket, limits));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${resolved.host}:${port}`;
  let closed: Promise<void> | undefined;
  const running: RunningEmulator = {
    origin,
    url: `http://${origin}`,
    faults: {
      arm: (fault) => faults.arm(fault),
      list: () => faults.list(),
      clear: () => faults.clear(),
    },
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        closing = true;
        hub.close();
        faults.close();
        dashboard.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      })),
  };
  hubs.set(running, hub);
  return running;
}
