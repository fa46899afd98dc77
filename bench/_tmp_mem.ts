import { startEmulatorProcess } from './lib/emulator-process.ts';
import { FULL_PLAN } from './lib/plan.ts';
import { memoryRows } from './sections/memory.ts';
const emulator = await startEmulatorProcess();
try {
  for (const row of await memoryRows(emulator, FULL_PLAN)) {
    console.log(row.label, JSON.stringify(Object.fromEntries(Object.entries(row.values).map(([k, v]) => [k, v!.samples.map((x) => +(x / 1048576).toFixed(1))]))));
  }
} finally { await emulator.stop(); }
