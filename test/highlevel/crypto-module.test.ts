import { afterEach, describe, expect, it, vi } from 'vitest';
import { CryptoModule } from '../../src/highlevel/crypto/index.ts';
import { STORAGE_LIMIT } from '../support/crypto-vectors.ts';

const utf8 = new TextDecoder();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('empty input round-trips (our decision; the official SDKs refuse to encrypt it)', () => {
  it('files: one padding block after the IV or header', async () => {
    const legacy = CryptoModule.legacyCryptoModule({ cipherKey: 'k' });
    const aesCbc = CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' });
    const legacyStored = await legacy.encryptFile(new Uint8Array(0));
    const acrhStored = await aesCbc.encryptFile(new Uint8Array(0));
    expect(legacyStored.length).toBe(32);
    expect(acrhStored.length).toBe(42);
    expect((await aesCbc.decryptFile(legacyStored)).length).toBe(0);
    expect((await legacy.decryptFile(acrhStored)).length).toBe(0);
  });

  it('messages, all three layouts', async () => {
    for (const module of [
      CryptoModule.legacyCryptoModule({ cipherKey: 'k', useRandomIVs: false }),
      CryptoModule.legacyCryptoModule({ cipherKey: 'k' }),
      CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' }),
    ]) {
      expect((await module.decrypt(await module.encrypt(''))).length).toBe(0);
    }
  });
});

describe('encryptedFileSize', () => {
  it('is exactly the length encryptFile produces, at every padding position', async () => {
    const legacy = CryptoModule.legacyCryptoModule({ cipherKey: 'k' });
    const aesCbc = CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' });
    for (let size = 0; size <= 48; size++) {
      const plain = new Uint8Array(size);
      expect((await legacy.encryptFile(plain)).length).toBe(legacy.encryptedFileSize(size));
      expect((await aesCbc.encryptFile(plain)).length).toBe(aesCbc.encryptedFileSize(size));
    }
  });

  it('puts the 5 MiB boundary where the service does', () => {
    const legacy = CryptoModule.legacyCryptoModule({ cipherKey: 'k' });
    const aesCbc = CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' });
    expect(legacy.encryptedFileSize(5_242_863)).toBe(STORAGE_LIMIT);
    expect(legacy.encryptedFileSize(5_242_864)).toBeGreaterThan(STORAGE_LIMIT);
    expect(aesCbc.encryptedFileSize(5_242_847)).toBe(STORAGE_LIMIT - 6);
    expect(aesCbc.encryptedFileSize(5_242_848)).toBeGreaterThan(STORAGE_LIMIT);
  });
});

describe('IVs and keys', () => {
  it('every encryption draws a fresh IV, so equal plaintexts give different bytes', async () => {
    for (const module of [
      CryptoModule.legacyCryptoModule({ cipherKey: 'k' }),
      CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' }),
    ]) {
      const plain = new TextEncoder().encode('same bytes');
      const [a, b] = await Promise.all([module.encryptFile(plain), module.encryptFile(plain)]);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
      const [m1, m2] = await Promise.all([module.encrypt('same'), module.encrypt('same')]);
      expect(Buffer.from(m1).equals(Buffer.from(m2))).toBe(false);
    }
  });

  it('the static-IV legacy module is deterministic, as old clients expect', async () => {
    const module = CryptoModule.legacyCryptoModule({ cipherKey: 'k', useRandomIVs: false });
    expect(Buffer.from(await module.encrypt('same')).equals(Buffer.from(await module.encrypt('same')))).toBe(true);
  });

  it('derives each key once per module, not once per call', async () => {
    // Both backends derive a key from the SHA-256 of the cipher key (then import it, on WebCrypto).
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    const module = CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' });
    const legacyStored = await CryptoModule.legacyCryptoModule({ cipherKey: 'k' }).encryptFile(Uint8Array.of(1));
    digest.mockClear();
    await Promise.all([module.encrypt('a'), module.encryptFile(Uint8Array.of(1)), module.encrypt('b')]);
    await module.decryptFile(await module.encryptFile(Uint8Array.of(2)));
    expect(digest).toHaveBeenCalledTimes(1);
    await module.decryptFile(legacyStored);
    await module.decryptFile(legacyStored);
    expect(digest).toHaveBeenCalledTimes(2);
  });

  it('a string message is encrypted as its UTF-8 bytes', async () => {
    const module = CryptoModule.legacyCryptoModule({ cipherKey: 'k', useRandomIVs: false });
    const fromString = await module.encrypt('Grüße 🛡');
    const fromBytes = await module.encrypt(new TextEncoder().encode('Grüße 🛡'));
    expect(Buffer.from(fromString).equals(Buffer.from(fromBytes))).toBe(true);
    expect(utf8.decode(await module.decrypt(fromString))).toBe('Grüße 🛡');
  });

  it('reads input through views: a subarray of a larger buffer encrypts only its own bytes', async () => {
    const module = CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' });
    const backing = new TextEncoder().encode('xxxxKnights who say Ni!yyyy');
    const stored = await module.encryptFile(backing.subarray(4, 23));
    const framed = new Uint8Array(stored.length + 8);
    framed.set(stored, 3);
    expect(utf8.decode(await module.decryptFile(framed.subarray(3, 3 + stored.length)))).toBe('Knights who say Ni!');
  });
});
