import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CryptoModule } from '../../src/highlevel/crypto/index.ts';
import type { CryptoModule as CryptoModuleInstance } from '../../src/highlevel/crypto/index.ts';
import { isPubNubError } from '../../src/highlevel/errors.ts';

const NUM_RUNS = 150;
const cipherKey = fc.string({ minLength: 1, maxLength: 40, unit: 'binary' });
const bytes = fc.uint8Array({ maxLength: 300, size: 'max' });

function modules(key: string): Record<string, CryptoModuleInstance> {
  return {
    legacy: CryptoModule.legacyCryptoModule({ cipherKey: key }),
    legacyStaticIv: CryptoModule.legacyCryptoModule({ cipherKey: key, useRandomIVs: false }),
    aesCbc: CryptoModule.aesCbcCryptoModule({ cipherKey: key }),
  };
}

async function expectOnlyDecryptionErrors(attempt: Promise<Uint8Array>): Promise<void> {
  try {
    // Random bytes can carry valid padding by chance: AES-CBC has no integrity check, so success is allowed here.
    expect(await attempt).toBeInstanceOf(Uint8Array);
  } catch (error) {
    expect(isPubNubError(error)).toBe(true);
    if (!isPubNubError(error)) return;
    expect(error.status.category).toBe('PNDecryptionErrorCategory');
    expect(error.status.operation).toBe('PNDecryptOperation');
  }
}

describe('round trip', () => {
  it('files: any bytes, any key, written by either module and read by both', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, cipherKey, async (plain, key) => {
        const { legacy, aesCbc } = modules(key);
        for (const writer of [legacy!, aesCbc!]) {
          const stored = await writer.encryptFile(plain);
          expect(stored.length).toBe(writer.encryptedFileSize(plain.length));
          expect(await legacy!.decryptFile(stored)).toEqual(plain);
          expect(await aesCbc!.decryptFile(stored)).toEqual(plain);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('messages: any bytes, any key, in each of the three layouts', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, cipherKey, async (plain, key) => {
        const all = modules(key);
        for (const module of Object.values(all)) {
          expect(await module.decrypt(await module.encrypt(plain))).toEqual(plain);
        }
        // Header messages are self-describing, so the legacy modules read them too.
        const acrh = await all.aesCbc!.encrypt(plain);
        expect(await all.legacyStaticIv!.decrypt(acrh)).toEqual(plain);
        expect(await all.aesCbc!.decrypt(await all.legacy!.encrypt(plain))).toEqual(plain);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('decrypting arbitrary input', () => {
  it('any bytes: a value or a typed decryption error, nothing else', async () => {
    const all = Object.values(modules('fuzz-key'));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200, size: 'max' }), async (data) => {
        for (const module of all) {
          await expectOnlyDecryptionErrors(module.decrypt(data));
          await expectOnlyDecryptionErrors(module.decryptFile(data));
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('PNED-prefixed bytes with any version, cryptor id and metadata length', async () => {
    const all = Object.values(modules('fuzz-key'));
    const header = fc.tuple(
      fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 255 })),
      fc.oneof(
        fc.constant([0x41, 0x43, 0x52, 0x48]),
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 0, maxLength: 4 }),
      ),
      fc.oneof(
        fc.constant([16]),
        fc.constant([0xff, 0, 16]),
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 3 }),
      ),
      fc.uint8Array({ maxLength: 120, size: 'max' }),
    );
    await fc.assert(
      fc.asyncProperty(header, async ([version, id, length, rest]) => {
        const data = Uint8Array.from([0x50, 0x4e, 0x45, 0x44, version, ...id, ...length, ...rest]);
        for (const module of all) {
          await expectOnlyDecryptionErrors(module.decrypt(data));
          await expectOnlyDecryptionErrors(module.decryptFile(data));
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
