// The two AES-256-CBC backends behind `#aes-cbc` (node:crypto under the `node` export condition, WebCrypto
// elsewhere) must be interchangeable byte for byte, and decrypting a download piece by piece must end exactly as
// decryptFile of the whole would, for any bytes a server sends.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aesCbc as nodeBackend } from '../../src/highlevel/crypto/cbc-node.ts';
import { aesCbc as webBackend } from '../../src/highlevel/crypto/cbc.ts';
import { paddedSize, type AesCbc } from '../../src/highlevel/crypto/backend.ts';
import { createCryptoModule, fileDecryptorOf } from '../../src/highlevel/crypto/module.ts';
import { CryptoModule } from '../../src/index.ts';

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const iv16 = fc.uint8Array({ minLength: 16, maxLength: 16 });

async function encryptWith(backend: AesCbc, raw: Uint8Array, iv: Uint8Array, plain: Uint8Array) {
  const key = await backend.importKey(raw.slice() as Uint8Array<ArrayBuffer>);
  const out = new Uint8Array(paddedSize(plain.length));
  await backend.encryptInto(key, iv, plain, out);
  return out;
}

/** `data` cut at the given points, in order. */
function pieces(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (data.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, data.length]) {
    out.push(data.slice(from, point));
    from = point;
  }
  return out;
}

async function outcome(run: () => Promise<Uint8Array>): Promise<{ bytes?: number[]; error?: string }> {
  try {
    return { bytes: Array.from(await run()) };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

describe('the node:crypto and WebCrypto backends', { timeout: 60_000 }, () => {
  it('the node backend is the one in use on Node, and it streams', async () => {
    const key = await nodeBackend.importKey(new Uint8Array(32));
    expect(key.aesKeyOf).toBe('node');
    expect(nodeBackend.fileDecryptor?.({ acrh: key, legacy: key }, 0, async (data) => data)).toBeDefined();
    const webKey = await webBackend.importKey(new Uint8Array(32));
    expect(webKey.aesKeyOf).toBe('webcrypto');
    expect(webBackend.fileDecryptor).toBeUndefined();
    // A module made here (vitest resolves `#aes-cbc` with the node condition) decrypts downloads as they arrive.
    const module = CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' });
    expect(await fileDecryptorOf(module, undefined)).toBeDefined();
  });

  it('write the same bytes, and each decrypts what the other wrote', async () => {
    await fc.assert(
      fc.asyncProperty(key32, iv16, fc.uint8Array({ maxLength: 700_000, size: 'max' }), async (raw, iv, plain) => {
        const fromNode = await encryptWith(nodeBackend, raw, iv, plain);
        const fromWeb = await encryptWith(webBackend, raw, iv, plain);
        expect(Buffer.from(fromNode).equals(Buffer.from(fromWeb))).toBe(true);
        const nodeKey = await nodeBackend.importKey(raw.slice() as Uint8Array<ArrayBuffer>);
        const webKey = await webBackend.importKey(raw.slice() as Uint8Array<ArrayBuffer>);
        expect(Buffer.from(await nodeBackend.decrypt(nodeKey, iv, fromWeb)).equals(Buffer.from(plain))).toBe(true);
        expect(Buffer.from(await webBackend.decrypt(webKey, iv, fromNode)).equals(Buffer.from(plain))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('refuse a bad length or bad padding with the same error', async () => {
    await fc.assert(
      fc.asyncProperty(key32, iv16, fc.uint8Array({ maxLength: 80 }), async (raw, iv, ciphertext) => {
        const nodeKey = await nodeBackend.importKey(raw.slice() as Uint8Array<ArrayBuffer>);
        const webKey = await webBackend.importKey(raw.slice() as Uint8Array<ArrayBuffer>);
        const viaNode = await outcome(() => nodeBackend.decrypt(nodeKey, iv, ciphertext));
        const viaWeb = await outcome(() => webBackend.decrypt(webKey, iv, ciphertext));
        expect(viaNode).toEqual(viaWeb);
      }),
      { numRuns: 200 },
    );
  });
});

describe('decrypting a download as it arrives', { timeout: 60_000 }, () => {
  const modules = [
    ['AES-CBC', createCryptoModule({ cipherKey: 'stream key', acrh: true, useRandomIVs: true })],
    ['legacy', createCryptoModule({ cipherKey: 'stream key', acrh: false, useRandomIVs: true })],
  ] as const;

  for (const [name, module] of modules) {
    it(`${name}: any cutting of what encryptFile wrote gives the file back`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 300_000, size: 'max' }),
          fc.array(fc.nat(), { maxLength: 12 }),
          fc.boolean(),
          async (plain, cuts, announced) => {
            const stored = await module.encryptFile(plain);
            const decryptor = (await fileDecryptorOf(module, announced ? stored.length : undefined))!;
            for (const piece of pieces(stored, cuts)) decryptor.write(piece);
            expect(Buffer.from(await decryptor.end()).equals(Buffer.from(plain))).toBe(true);
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  it('any bytes at all, cut anywhere, end exactly as decryptFile of the whole (file or error message)', async () => {
    const module = modules[0][1];
    const header = Array.from(new TextEncoder().encode('PNED\x01ACRH'));
    const stored = fc.oneof(
      fc.uint8Array({ maxLength: 120 }),
      // Headers, whole, cut short, with a metadata length other than 16 or the 0xFF escape.
      fc
        .tuple(fc.constantFrom(16, 0, 5, 0xff), fc.uint8Array({ maxLength: 90 }))
        .map(([length, rest]) => Uint8Array.from([...header, length, ...rest])),
      fc.constantFrom(0, 1, 2, 3, 4, 9).map((cut) => Uint8Array.from(header.slice(0, cut))),
    );
    await fc.assert(
      fc.asyncProperty(stored, fc.array(fc.nat(), { maxLength: 6 }), async (data, cuts) => {
        const whole = await outcome(() => module.decryptFile(data));
        const streamed = await outcome(async () => {
          const decryptor = (await fileDecryptorOf(module, data.length))!;
          for (const piece of pieces(data, cuts)) decryptor.write(piece);
          return decryptor.end();
        });
        expect(streamed).toEqual(whole);
      }),
      { numRuns: 600 },
    );
  });

  it('a module of someone else (no streaming form) is left to its decryptFile', async () => {
    const custom = { ...CryptoModule.aesCbcCryptoModule({ cipherKey: 'k' }) };
    expect(await fileDecryptorOf(custom, 10)).toBeUndefined();
  });
});
