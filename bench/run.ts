// `npm run bench` (issue 7): this SDK against the official pubnub@12.0.3 and against the floor (the least work
// that does the same job), every row in this one run, contenders alternating. Prints a Markdown table and writes
// the same figures to bench/results/latest.json.
// Options: --smoke (tiny sizes, one repetition: proves the benchmark runs, measures nothing; writes smoke.json),
// --out <file>.
// Every row runs this SDK from the built package, imported by its name as users import it (bench/lib/our-sdk.ts):
// `npm run bench` and `npm run bench:smoke` run `npm run build` first. The machine may be shared: the load average
// before and after each section goes to stderr and, with the spread of every row, to the JSON.
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
import { ourSdkFile } from './lib/our-sdk.ts';
import { packageRows, type PackageResult } from './sections/package.ts';
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
const load = (averages: readonly number[]) => averages.map((value) => value.toFixed(1)).join(' ');
interface SectionRecord {
  name: string;
  seconds: number;
  /** os.loadavg() (1, 5 and 15 minutes) as the section started and as it ended. */
  loadAverage: { before: number[]; after: number[] };
}
const sections: SectionRecord[] = [];
async function section(name: string, measure: () => Promise<Row[]>): Promise<void> {
  const start = performance.now();
  const before = loadavg();
  process.stderr.write(`${name}… `);
  rows.push(...(await measure()));
  const after = loadavg();
  sections.push({ name, seconds: seconds(start), loadAverage: { before, after } });
  process.stderr.write(`${seconds(start)} s, load average ${load(before)} → ${load(after)}\n`);
}

// The machine may be shared: the load around the run says how much to trust its figures.
const loadBefore = loadavg();
const emulator = await startEmulatorProcess();
try {
  await section('sendFile and downloadFile round trips', () => roundTripRows(emulator, plan));
  await section('crypto', () => cryptoRows(plan));
  await section('listFiles', () => listRows(emulator, plan));
  let packageResult: PackageResult | undefined;
  await section('cold import and bundle size', async () => {
    packageResult = await packageRows(plan);
    return packageResult.rows;
  });
  await section('peak memory', () => memoryRows(emulator, plan));

  const result = {
    mode: plan.mode,
    date: new Date().toISOString(),
    commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
    node: process.version,
    cpus: cpus().length,
    loadAverage: { before: loadBefore, after: loadavg() },
    sections,
    ourSdk: {
      source: 'the built package (npm run build), imported by its name through package.json "exports"',
      // What 'pubnub-files' resolved to in this process (every row but the bundle) and in the cold-import processes.
      resolvedInBench: ourSdkFile,
      resolvedInColdImport: packageResult!.resolved.ours,
      bundle: 'the check:size app, \'pubnub-files/operations\' resolved by esbuild through package.json "exports"',
    },
    // The first import() of each cold-import process, of an empty module: Node's ESM loader starting up, paid by any
    // ESM app before it imports anything, and left out of the cold-import row.
    esmLoaderWarmup: packageResult!.esmLoaderWarmup,
    officialSdk: 'pubnub@12.0.3',
    emulator: 'child process, in-memory storage',
    seconds: seconds(started),
    rows,
  };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${formatTable(rows)}\n`);
  const warmup = result.esmLoaderWarmup;
  process.stderr.write(
    `ESM loader start-up (first import() of an empty module, left out of the cold-import row): median ` +
      `${warmup.median.toFixed(2)} ms (${warmup.min.toFixed(2)}–${warmup.max.toFixed(2)}) over ${warmup.samples.length} processes\n`,
  );
  process.stderr.write(
    `${rows.length} rows in ${result.seconds} s (${plan.mode}), load average ${load(loadBefore)} → ${load(loadavg())}; ` +
      `written to ${out}\n`,
  );
} finally {
  await emulator.stop();
}
