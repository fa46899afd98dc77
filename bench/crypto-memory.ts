// Peak memory of encrypting and decrypting a 5 MiB file (issue 4, item 5). Not part of `npm test`.
// Run: npm run build && npx tsx --expose-gc bench/crypto-memory.ts (the crypto module of the built package, as
// users get it: bench/lib/our-sdk.ts).
// Each measurement runs in its own child process (bench/lib/peak-memory.ts), so the peak RSS belongs to it alone.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CryptoModule as CryptoModuleInstance } from '../src/index.ts';
import { CryptoModule } from './lib/our-sdk.ts';
import { measurePeak, runMeasurementChild } from './lib/peak-memory.ts';
import { randomPayload } from './lib/plan.ts';

const FILE_SIZE = 5 * 1024 * 1024;
const CIPHER_KEY = 'bench-key';
const SCHEMES = ['legacy', 'aesCbc'] as const;
const OPERATIONS = ['encryptFile', 'decryptFile'] as const;
type Scheme = (typeof SCHEMES)[number];
type Operation = (typeof OPERATIONS)[number];

const MiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

function moduleFor(scheme: Scheme): CryptoModuleInstance {
  return scheme === 'legacy'
    ? CryptoModule.legacyCryptoModule({ cipherKey: CIPHER_KEY })
    : CryptoModule.aesCbcCryptoModule({ cipherKey: CIPHER_KEY });
}

async function measureInChild(scheme: Scheme, operation: Operation, inputPath: string): Promise<void> {
  const module = moduleFor(scheme);
  const input = new Uint8Array(readFileSync(inputPath));
  // Key derivation and JIT warm-up stay out of the measurement.
  await module.decryptFile(await module.encryptFile(new Uint8Array(64)));
  const { result: output, peakRssGrowth, peakArrayBuffersGrowth } = await measurePeak(() => module[operation](input));
  process.stdout.write(
    JSON.stringify({ inputBytes: input.length, outputBytes: output.length, peakRssGrowth, peakArrayBuffersGrowth }),
  );
}

async function main(): Promise<void> {
  const [scheme, operation, inputPath] = process.argv.slice(2);
  if (scheme && operation && inputPath) {
    await measureInChild(scheme as Scheme, operation as Operation, inputPath);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'crypto-memory-'));
  try {
    const plain = randomPayload(FILE_SIZE);
    const plainPath = join(dir, 'plain.bin');
    writeFileSync(plainPath, plain);
    console.log(
      `file: ${MiB(FILE_SIZE)}; growth is measured from just before the call, with the input already in memory.`,
    );
    console.log('Peak RSS is the figure that counts: Node hands WebCrypto results over as external memory,');
    console.log('which process.memoryUsage().arrayBuffers does not see.');
    for (const scheme of SCHEMES) {
      const storedPath = join(dir, `${scheme}.bin`);
      writeFileSync(storedPath, await moduleFor(scheme).encryptFile(plain));
      for (const operation of OPERATIONS) {
        const result = runMeasurementChild<Record<string, number>>(fileURLToPath(import.meta.url), [
          scheme,
          operation,
          operation === 'encryptFile' ? plainPath : storedPath,
        ]);
        console.log(
          `${scheme.padEnd(6)} ${operation.padEnd(11)} in ${MiB(result.inputBytes!)} out ${MiB(result.outputBytes!)}` +
            `  peak RSS +${MiB(result.peakRssGrowth!)}  peak arrayBuffers +${MiB(result.peakArrayBuffersGrowth!)}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
