// What every operation runs with: the checked config, the low-level client built from it, and the crypto module.
import { createFilesClient, type FilesClient } from '../lowlevel/index.ts';
import type { ResolvedConfig } from './config.ts';
import { CryptoModule } from './crypto/index.ts';

export interface Context {
  config: ResolvedConfig;
  client: FilesClient;
  /** The configured module: `cryptoModule`, else the legacy module of `cipherKey`, else none. */
  crypto: CryptoModule | undefined;
}

export function createContext(config: ResolvedConfig): Context {
  const client = createFilesClient({
    userId: config.userId,
    origin: config.origin,
    ssl: config.ssl,
    fetch: config.fetch,
    ...(config.authKey === undefined ? {} : { authKey: config.authKey }),
    ...(config.secretKey === undefined ? {} : { secretKey: config.secretKey }),
    ...(config.publishKey === undefined ? {} : { publishKey: config.publishKey }),
  });
  const crypto =
    config.cryptoModule ??
    (config.cipherKey === undefined ? undefined : CryptoModule.legacyCryptoModule({ cipherKey: config.cipherKey }));
  return { config, client, crypto };
}

/** A per-call `cipherKey` means the legacy module with that key, for the file and its message alike (PROTOCOL.md B6). */
export function cryptoFor(context: Context, callCipherKey: string | undefined): CryptoModule | undefined {
  return callCipherKey === undefined ? context.crypto : CryptoModule.legacyCryptoModule({ cipherKey: callCipherKey });
}
