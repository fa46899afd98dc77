import type { FaultSpec } from './faults.ts';

/** How to run an emulator. Every field is optional; the defaults behave like the real service. */
export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Where files and their metadata are kept across restarts. Default `.pubnub-emulator/` in the working directory. */
  dataDir?: string;
  /** Keep everything in memory instead (tests): nothing touches the disk. */
  inMemory?: boolean;
  /**
   * With a secret key every PubNub call must carry a valid v2 `signature` and a fresh `timestamp` (docs/protocol.md A3).
   * The signature covers the publish key, so it must be given too. Without one, any key set is accepted unsigned.
   */
  secretKey?: string;
  publishKey?: string;
  /** How far a signed request's `timestamp` may be from the emulator's clock. Default 600 s. */
  signatureWindowSeconds?: number;
  /** How long uploaded files live. Default one day, like the real bucket's policy. */
  fileTtlMs?: number;
  /** How long an upload form stays valid. Default 60 s, like the real service. */
  uploadUrlTtlMs?: number;
  /** How long history keeps a message published without a `ttl` (the key set's retention). Default one day. */
  messageRetentionMs?: number;
  /** How long a subscribe long poll is held open without messages. Default 280 s. */
  subscribeHoldMs?: number;
  /** A request whose headers and body have not all arrived within this is refused with 408. Default 60 s. */
  requestTimeoutMs?: number;
  /** The clock (epoch ms), for tests of expiry. Default `Date.now`. */
  now?: () => number;
  /** Faults armed from the start (see `RunningEmulator.faults`). */
  faults?: readonly FaultSpec[];
}

export interface ResolvedOptions {
  port: number;
  host: string;
  storage: { inMemory: true } | { inMemory: false; dataDir: string };
  signing: { secretKey: string; publishKey: string; windowSeconds: number } | undefined;
  fileTtlMs: number;
  uploadUrlTtlMs: number;
  messageRetentionMs: number;
  subscribeHoldMs: number;
  requestTimeoutMs: number;
  now: () => number;
}

export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  if (options.secretKey !== undefined && options.publishKey === undefined) {
    throw new TypeError('startEmulator: a secretKey needs its publishKey, which every v2 signature covers');
  }
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    storage:
      options.inMemory === true
        ? { inMemory: true }
        : { inMemory: false, dataDir: options.dataDir ?? '.pubnub-emulator' },
    signing:
      options.secretKey === undefined || options.publishKey === undefined
        ? undefined
        : {
            secretKey: options.secretKey,
            publishKey: options.publishKey,
            windowSeconds: options.signatureWindowSeconds ?? 600,
          },
    fileTtlMs: options.fileTtlMs ?? 86_400_000,
    uploadUrlTtlMs: options.uploadUrlTtlMs ?? 60_000,
    messageRetentionMs: options.messageRetentionMs ?? 86_400_000,
    subscribeHoldMs: options.subscribeHoldMs ?? 280_000,
    requestTimeoutMs: positiveMs(options.requestTimeoutMs, 'requestTimeoutMs', 60_000),
    now: options.now ?? Date.now,
  };
}

function positiveMs(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new TypeError(`startEmulator: ${name} must be a positive whole number of milliseconds, got ${String(value)}`);
  }
  return value;
}
