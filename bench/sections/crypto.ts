// Row 3: file encryption and decryption throughput, legacy and AES-CBC, on one 5 MiB buffer in memory.
// Each contender gets the input as its API takes it and hands back bytes a caller can use.
import OfficialPubNub from 'pubnub';
import { CryptoModule } from '../lib/our-sdk.ts';
import { floorDecrypt, floorEncrypt, floorKey, type Scheme } from '../lib/floor.ts';
import { BENCH_KEYS } from '../lib/keys.ts';
import { alternate } from '../lib/measure.ts';
import { formatSize, randomPayload, type Plan } from '../lib/plan.ts';
import { makeRow, type Row } from '../lib/report.ts';
import { sameBytes } from './round-trips.ts';

// Throughput at least 0.8× the floor's means time at most 1 / 0.8 = 1.25× the floor's.
const CRYPTO_GOAL = { maxRatio: 1.25, text: 'ours ≥ 0.8× floor speed' };

const { cipherKey } = BENCH_KEYS;
// Only its File class is used: the official crypto module reads and writes files through it.
const OfficialFile = new OfficialPubNub({ subscribeKey: BENCH_KEYS.subscribeKey, userId: BENCH_KEYS.userId }).File;

function modules(scheme: Scheme) {
  return scheme === 'legacy'
    ? {
        ours: CryptoModule.legacyCryptoModule({ cipherKey }),
        official: OfficialPubNub.CryptoModule.legacyCryptoModule({ cipherKey }),
      }
    : {
        ours: CryptoModule.aesCbcCryptoModule({ cipherKey }),
        official: OfficialPubNub.CryptoModule.aesCbcCryptoModule({ cipherKey }),
      };
}

type OfficialModule = ReturnType<typeof modules>['official'];

async function officialFile(
  module: OfficialModule,
  operation: 'encryptFile' | 'decryptFile',
  bytes: Uint8Array,
): Promise<Uint8Array> {
  const input = OfficialFile.create({
    name: 'bench.bin',
    data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  });
  const output = await module[operation](input, OfficialFile);
  if (!output) throw new Error(`official ${operation} returned nothing`);
  return (await output.toBuffer()) as Uint8Array;
}

export async function cryptoRows(plan: Plan): Promise<Row[]> {
  const plain = randomPayload(plan.crypto.bytes);
  const label = (scheme: Scheme, operation: string) =>
    `${operation} ${scheme === 'legacy' ? 'legacy' : 'AES-CBC'} ${formatSize(plain.length)}`;
  const rows: Row[] = [];
  for (const scheme of ['legacy', 'aesCbc'] as const) {
    const { ours, official } = modules(scheme);
    const key = floorKey(scheme, cipherKey);
    const encrypted = await alternate(
      {
        ours: () => ours.encryptFile(plain),
        official: () => officialFile(official, 'encryptFile', plain),
        floor: async () => floorEncrypt(scheme, key, plain),
      },
      { repetitions: plan.crypto.repetitions, warmup: plan.warmup },
    );
    rows.push(
      makeRow({
        id: `crypto/encrypt/${scheme}`,
        section: 'crypto',
        label: label(scheme, 'encrypt'),
        unit: 'ms',
        values: encrypted,
        bytes: plain.length,
        floorGoal: CRYPTO_GOAL,
      }),
    );

    // Every contender decrypts the same stored bytes; the output is checked outside the timing.
    const stored = floorEncrypt(scheme, key, plain);
    const decrypted = await alternate(
      {
        ours: () => ours.decryptFile(stored),
        official: () => officialFile(official, 'decryptFile', stored),
        floor: async () => floorDecrypt(scheme, key, stored),
      },
      {
        repetitions: plan.crypto.repetitions,
        warmup: plan.warmup,
        after: async (contender, output) => {
          if (!sameBytes(output as Uint8Array, plain))
            throw new Error(`crypto ${scheme}: ${contender} decrypted wrongly`);
        },
      },
    );
    rows.push(
      makeRow({
        id: `crypto/decrypt/${scheme}`,
        section: 'crypto',
        label: label(scheme, 'decrypt'),
        unit: 'ms',
        values: decrypted,
        bytes: plain.length,
        floorGoal: CRYPTO_GOAL,
      }),
    );
  }
  return rows;
}
