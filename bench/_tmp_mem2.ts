import { fileURLToPath } from 'node:url';
import { startEmulatorProcess } from './lib/emulator-process.ts';
import { floorClient } from './lib/floor.ts';
import { runMeasurementChild, type PeakMemory } from './lib/peak-memory.ts';
import { randomPayload } from './lib/plan.ts';
const CHILD = fileURLToPath(new URL('./lib/sdk-memory-child.ts', import.meta.url));
const emulator = await startEmulatorProcess();
const size = 5242847;
try {
  const stored = await floorClient(emulator.url, true).sendFile('bench-memory', 'download.bin', randomPayload(size));
  for (const op of (process.argv[2] ?? 'download').split(',')) for (let i = 0; i < 5; i++) {
    const m = runMeasurementChild<PeakMemory>(CHILD, ['ours', op, emulator.origin, String(size), stored.id, stored.name]);
    console.log(op, 'rss', (m.peakRssGrowth / 1048576).toFixed(1), 'ab', (m.peakArrayBuffersGrowth / 1048576).toFixed(1));
  }
} finally { await emulator.stop(); }
