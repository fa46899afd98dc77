// The memory rows alone (bench/sections/memory.ts), for one SDK (this one unless told), with more fresh processes than the full bench
// runs: median, min and max of peak RSS growth and of arrayBuffers growth. Not part of `npm test`.
// Run: npx tsx --expose-gc bench/memory-rows.ts [processes=7] [send|download|both=both] [ours|official=ours]
import { fileURLToPath } from 'node:url';
import { startEmulatorProcess } from './lib/emulator-process.ts';
import { floorClient } from './lib/floor.ts';
import { median } from './lib/measure.ts';
import { runMeasurementChild, type PeakMemory } from './lib/peak-memory.ts';
import { FULL_PLAN, randomPayload } from './lib/plan.ts';

const CHILD = fileURLToPath(new URL('./lib/sdk-memory-child.ts', import.meta.url));
const processes = Number(process.argv[2] ?? 7);
const which = process.argv[3] ?? 'both';
const sdk = process.argv[4] ?? 'ours';
const MiB = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

const emulator = await startEmulatorProcess();
try {
  const size = FULL_PLAN.memory.bytes;
  const stored = await floorClient(emulator.url, true).sendFile('bench-memory', 'download.bin', randomPayload(size));
  for (const operation of ['send', 'download'] as const) {
    if (which !== 'both' && which !== operation) continue;
    const rss: number[] = [];
    const arrayBuffers: number[] = [];
    for (let i = 0; i < processes; i++) {
      const args = [sdk, operation, emulator.origin, String(size), stored.id, stored.name];
      const peak = runMeasurementChild<PeakMemory>(CHILD, args);
      rss.push(peak.peakRssGrowth);
      arrayBuffers.push(peak.peakArrayBuffersGrowth);
    }
    const line = (values: number[]) =>
      `median ${MiB(median(values))} MiB (min ${MiB(Math.min(...values))}, max ${MiB(Math.max(...values))}; ` +
      `${values.map(MiB).join(' ')})`;
    console.log(`${sdk} ${operation} ${size} B, ${processes} processes`);
    console.log(`  peak RSS growth:          ${line(rss)}`);
    console.log(`  peak arrayBuffers growth: ${line(arrayBuffers)}`);
  }
} finally {
  await emulator.stop();
}
