// What every operation runs with: the checked config, the low-level client built from it, and the crypto module.
import type { CommonQueryOptions, FilesClient } from '../lowlevel/index.ts';
import { filesClient, type FilesClientOptions } from '../lowlevel/client.ts';
import type { ResolvedConfig } from './config.ts';
import { CryptoModule } from './crypto/index.ts';

export interface Context {
  config: ResolvedConfig;
  client: FilesClient;
  /** What the common query of every PubNub-hosted call is made of, for URLs built without a request. */
  commonQuery: CommonQueryOptions;
  /** The configured module: `cryptoModule`, else the legacy module of `cipherKey`, else none. */
  crypto: CryptoModule | undefined;
}

export function createContext(config: ResolvedConfig): Context {
  const crypto =
    config.cryptoModule ??
    (config.cipherKey === undefined ? undefined : CryptoModule.legacyCryptoModule({ cipherKey: config.cipherKey }));
  // The config holds the client's options under the same names, an absent one as `undefined`, which the low-level
  // code reads as absent; its constructor has checked them.
  return {
    config,
    client: filesClient(config as FilesClientOptions),
    commonQuery: config as CommonQueryOptions,
    crypto,
  };
}

/** A per-call `cipherKey` means the legacy module with that key, for the file and its message alike (docs/protocol.md B6). */
export function cryptoFor(context: Context, callCipherKey: string | undefined): CryptoModule | undefined {
  return callCipherKey === undefined ? context.crypto : CryptoModule.legacyCryptoModule({ cipherKey: callCipherKey });
}
