import type { IncomingMessage, ServerResponse } from 'node:http';
import type { operations } from '../generated/pubnub-files.ts';
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

type Defined<T> = [Exclude<T, undefined>] extends [never] ? unknown : Exclude<T, undefined>;

/** A spec operation's path and query parameters, typed by the generated `operations`. */
export type OperationParams<K extends keyof operations> = Defined<operations[K]['parameters']['path']> &
  Defined<operations[K]['parameters']['query']>;

/** A spec operation's JSON request body, typed by the generated `operations`. */
export type OperationJson<K extends keyof operations> = operations[K] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : undefined;

/**
 * One API request after routing, signature check and validation. A handler of a spec operation reads it as
 * `ApiCall<OperationParams<'listFiles'>, …>`: the router hands over only what the spec's schemas accepted.
 */
export interface ApiCall<Params = Record<string, unknown>, Json = unknown> {
  req: IncomingMessage;
  res: ServerResponse;
  /** Decoded path parameters and (type-coerced) query parameters, as the spec names them. */
  params: Params;
  /** The parsed JSON request body, already validated against the spec; undefined for calls without one. */
  json: Json;
  /** `http://host:port` as the client addressed the emulator, for URLs it hands out. */
  baseUrl: string;
}

export const STORAGE_PREFIX = '/storage';
