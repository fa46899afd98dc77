import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/highlevel/config.ts';
import { createContext } from '../../src/highlevel/context.ts';
import { CryptoModule } from '../../src/highlevel/crypto/index.ts';
import { PubNubError } from '../../src/highlevel/errors.ts';
import { KEYS } from '../support/keys.ts';

const PNED = [0x50, 0x4e, 0x45, 0x44];

describe('config defaults (as the README documents them)', () => {
  it('fills in the documented defaults', () => {
    const config = resolveConfig(KEYS);
    expect(config).toMatchObject({
      origin: 'ps.pndsn.com',
      ssl: true,
      requestTimeout: 15_000,
      fileRequestTimeout: 300_000,
      fileUploadPublishRetryLimit: 5,
    });
    expect(config.retryPolicy).toMatchObject({ maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 8_000 });
  });

  it('retryPolicy: false leaves one attempt', () => {
    expect(resolveConfig({ ...KEYS, retryPolicy: false }).retryPolicy.maxAttempts).toBe(1);
  });
});

describe('which crypto module the configuration means', () => {
  const plain = new TextEncoder().encode('Knights who say Ni!');

  it('cryptoModule wins over cipherKey when both are given', async () => {
    const context = createContext(
      resolveConfig({
        ...KEYS,
        cipherKey: 'legacy-key',
        cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' }),
      }),
    );
    const stored = await context.crypto!.encryptFile(plain);
    expect([...stored.subarray(0, 4)]).toEqual(PNED);
    expect(await CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' }).decryptFile(stored)).toEqual(plain);
  });

  it('cipherKey alone is the legacy module (IV || ciphertext, no header)', async () => {
    const context = createContext(resolveConfig({ ...KEYS, cipherKey: 'legacy-key' }));
    const stored = await context.crypto!.encryptFile(plain);
    expect([...stored.subarray(0, 4)]).not.toEqual(PNED);
    expect(stored.length).toBe(16 + 32);
    expect(await CryptoModule.legacyCryptoModule({ cipherKey: 'legacy-key' }).decryptFile(stored)).toEqual(plain);
  });

  it('no key means no encryption', () => {
    expect(createContext(resolveConfig(KEYS)).crypto).toBeUndefined();
  });
});

describe('cryptoModule option', () => {
  it.each([{}, null, 'my-cipher-key', { encrypt() {} }])(
    'refuses %j in the constructor, saying what is expected',
    (value) => {
      let thrown: unknown;
      try {
        resolveConfig({ ...KEYS, cryptoModule: value as unknown as CryptoModule });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(PubNubError);
      expect((thrown as PubNubError).status.category).toBe('PNValidationErrorCategory');
      expect((thrown as PubNubError).message).toContain('CryptoModule.aesCbcCryptoModule');
      // The value may be a key someone passed by mistake: it is never echoed.
      expect((thrown as PubNubError).message).not.toContain('my-cipher-key');
    },
  );
});
