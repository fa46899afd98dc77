// What every operation runs with: the checked config, the low-level client built from it, and the crypto module.
import { createFilesClient, type CommonQueryOptions, type FilesClient } from '../lowlevel/index.ts';
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
  const commonQuery: CommonQueryOptions = {
    userId: config.userId,
    ...(config.authKey === undefined ? {} : { authKey: config.authKey }),
    ...(config.secretKey === undefined ? {} : { secretKey: config.secretKey }),
    ...(config.publishKey === undefined ? {} : { publishKey: config.publishKey }),
  };
  const client = createFilesClient({ ...commonQuery, origin: config.origin, ssl: config.ssl, fetch: config.fetch });
  const crypto =
    config.cryptoModule ??
    (config.cipherKey === undefined ? undefined : CryptoModule.legacyCryptoModule({ cipherKey: config.cipherKey }));
  return { config, client, commonQuery, crypto };
}

/** A per-call `cipherKey` means the legacy module with that key, for the file and its message alike (PROTOCOL.md B6). */
export function cryptoFor(context: Context, callCipherKey: string | undefined): CryptoModule | undefined {
  return callCipherKey === undefined ? context.crypto : CryptoModule.legacyCryptoModule({ cipherKey: callCipherKey });
}
