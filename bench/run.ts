// `npm run bench` (issue 7): this SDK against the official pubnub@12.0.3 and against the floor (the least work
// that does the same job), every row in this one run, contenders alternating. Prints a Markdown table and writes
// the same figures to bench/results/latest.json.
// Options: --smoke (tiny sizes, one repetition: proves the benchmark runs, measures nothing; writes smoke.json),
// --out <file>.
// Runs this SDK from its TypeScript sources through tsx (transpiled once at load; the timed code is plain JS), except
// the cold-import and bundle rows, which use the built package (dist/) when there is one.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulatorProcess } from './lib/emulator-process.ts';
import { FULL_PLAN, SMOKE_PLAN } from './lib/plan.ts';
import { formatTable, type Row } from './lib/report.ts';
import { cryptoRows } from './sections/crypto.ts';
import { listRows } from './sections/list.ts';
import { memoryRows } from './sections/memory.ts';
import { builtPackage, packageRows } from './sections/package.ts';
import { roundTripRows } from './sections/round-trips.ts';

const args = process.argv.slice(2);
const plan = args.includes('--smoke') ? SMOKE_PLAN : FULL_PLAN;
const outIndex = args.indexOf('--out');
// A smoke run never overwrites the figures of the last full run.
const defaultOut = join(
  dirname(fileURLToPath(import.meta.url)),
  `results/${plan.mode === 'full' ? 'latest' : 'smoke'}.json`,
);
const out = outIndex === -1 ? defaultOut : args[outIndex + 1]!;

const started = performance.now();
const seconds = (since: number) => Math.round((performance.now() - since) / 1000);
const rows: Row[] = [];
async function section(name: string, measure: () => Promise<Row[]>): Promise<void> {
  const start = performance.now();
  process.stderr.write(`${name}… `);
  rows.push(...(await measure()));
  process.stderr.write(`${seconds(start)} s\n`);
}

// The machine may be shared: the load around the run says how much to trust its figures.
const loadBefore = loadavg();
const emulator = await startEmulatorProcess();
try {
  await section('sendFile and downloadFile round trips', () => roundTripRows(emulator, plan));
  await section('crypto', () => cryptoRows(plan));
  await section('listFiles', () => listRows(emulator, plan));
  const built = await builtPackage();
  await section('cold import and bundle size', () => packageRows(plan, built));
  await section('peak memory', () => memoryRows(emulator, plan));

  const result = {
    mode: plan.mode,
    date: new Date().toISOString(),
    commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
    node: process.version,
    cpus: cpus().length,
    loadAverage: { before: loadBefore, after: loadavg() },
    ourSdk: { roundTripsListAndMemory: 'src/ via tsx', coldImportAndBundle: built.source },
    officialSdk: 'pubnub@12.0.3',
    emulator: 'child process, in-memory storage',
    seconds: seconds(started),
    rows,
  };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${formatTable(rows)}\n`);
  const load = (averages: number[]) => averages.map((value) => value.toFixed(1)).join(' ');
  process.stderr.write(
    `${rows.length} rows in ${result.seconds} s (${plan.mode}), load average ${load(loadBefore)} → ${load(loadavg())}; ` +
      `written to ${out}\n`,
  );
} finally {
  await emulator.stop();
}
