import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TimetokenClock } from './clock.ts';
import type { Faults } from './faults.ts';
import type { FileStore } from './file-store.ts';
import type { MessageHistory } from './message-history.ts';
import type { SubscribeHub } from './subscribe-hub.ts';

/** What every route handler may use: the emulator's state and its settings. */
export interface EmulatorContext {
  store: FileStore;
  hub: SubscribeHub;
  history: MessageHistory;
  clock: TimetokenClock;
  now: () => number;
  /** Signs upload policies and download URLs; kept in the data dir (per process in memory), never shown to clients. */
  storageSecret: Uint8Array;
  fileTtlMs: number;
  uploadUrlTtlMs: number;
  /** Faults armed to make calls fail on purpose (faults.ts). */
  faults: Faults;
}

/** One API request after routing, signature check and validation. */
export interface ApiCall {
  req: IncomingMessage;
  res: ServerResponse;
  /** Decoded path parameters and (type-coerced) query parameters, as the spec names them. */
  params: Record<string, unknown>;
  /** The parsed JSON request body, already validated against the spec; undefined for calls without one. */
  json: unknown;
  /** `http://host:port` as the client addressed the emulator, for URLs it hands out. */
  baseUrl: string;
}

export const STORAGE_PREFIX = '/storage';
