// Row 6: peak RSS growth of sending and of downloading a 5 MiB AES-CBC encrypted file, each in a fresh process; the
// median over the processes, with the smallest and largest.
import { fileURLToPath } from 'node:url';
import type { EmulatorProcess } from '../lib/emulator-process.ts';
import { floorClient } from '../lib/floor.ts';
import { summarize } from '../lib/measure.ts';
import { runMeasurementChild, type PeakMemory } from '../lib/peak-memory.ts';
import { formatSize, randomPayload, type Plan } from '../lib/plan.ts';
import { makeRow, type Row } from '../lib/report.ts';

const CHILD = fileURLToPath(new URL('../lib/sdk-memory-child.ts', import.meta.url));

export async function memoryRows(emulator: EmulatorProcess, plan: Plan): Promise<Row[]> {
  const size = plan.memory.bytes;
  const stored = await floorClient(emulator.url, true).sendFile('bench-memory', 'download.bin', randomPayload(size));
  const rows: Row[] = [];
  for (const operation of ['send', 'download'] as const) {
    const samples = { ours: [] as number[], official: [] as number[], floor: [] as number[] };
    const contenders = ['ours', 'official', 'floor'] as const;
    for (let repetition = 0; repetition < plan.memory.repetitions; repetition++) {
      const order = contenders.map((_, at) => contenders[(at + repetition) % contenders.length]!);
      for (const sdk of order) {
        const args = [sdk, operation, emulator.origin, String(size), stored.id, stored.name];
        samples[sdk].push(runMeasurementChild<PeakMemory>(CHILD, args).peakRssGrowth);
      }
    }
    rows.push(
      makeRow({
        id: `memory/${operation}`,
        section: 'peak RSS growth',
        label: `${operation === 'send' ? 'sendFile' : 'downloadFile'} encrypted ${formatSize(size)} (${plan.memory.repetitions} process${plan.memory.repetitions === 1 ? '' : 'es'})`,
        unit: 'bytes',
        values: {
          ours: summarize(samples.ours),
          official: summarize(samples.official),
          // Plain fetch and node:crypto, written for speed, not memory (its send builds a FormData from a Blob).
          floor: summarize(samples.floor),
        },
        limit: { max: 3 * size, text: 'ours ≤ 3× the file' },
      }),
    );
  }
  return rows;
}
