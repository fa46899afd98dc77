// Row 5: what it costs to load each package. Cold import = the time `await import(root)` takes in a fresh Node
// process (median of many spawns, alternating). Bundle = the same small browser app built on each SDK.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleSize, SIZE_APP } from '../../scripts/bundle-size.ts';
import { median, type Samples } from '../lib/measure.ts';
import type { Plan } from '../lib/plan.ts';
import { makeRow, single, type Row } from '../lib/report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Inside node_modules, so the built file resolves openapi-fetch exactly as an installed package would.
const BUILD_DIR = join(ROOT, 'node_modules/.cache/pubnub-files-bench');

export interface BuiltPackage {
  /** The ESM file of the package root. */
  entry: string;
  /** The dist/ file when the package's own build is there, else a note that the sources were used. */
  source: string;
}

/** The package root as users import it: the built `dist/` when package.json points there, else a build of our own. */
export async function builtPackage(): Promise<BuiltPackage> {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports?: Record<string, unknown>;
  };
  const entry = importTarget(manifest.exports?.['.']);
  if (entry?.startsWith('./dist/') && existsSync(join(ROOT, entry))) return { entry: join(ROOT, entry), source: entry };
  mkdirSync(BUILD_DIR, { recursive: true });
  const outfile = join(BUILD_DIR, 'index.js');
  await build({
    entryPoints: [join(ROOT, 'src/index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  return { entry: outfile, source: 'src/index.ts (no dist/ build found; cold import from an esbuild bundle of it)' };
}

/** The ESM target of an exports entry: a string, or the `import`/`default` branch (possibly nested by `types`). */
function importTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (typeof entry !== 'object' || entry === null) return undefined;
  const branches = entry as Record<string, unknown>;
  return importTarget(branches.import ?? branches.node ?? branches.default);
}

function timeImport(specifier: string): number {
  const script = `const start = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - start));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`importing ${specifier} failed: ${child.stderr}`);
  return Number(child.stdout);
}

export async function packageRows(plan: Plan, built: BuiltPackage): Promise<Row[]> {
  const specifiers = { ours: pathToFileURL(built.entry).href, official: 'pubnub' };
  const samples: Record<'ours' | 'official', number[]> = { ours: [], official: [] };
  for (let spawn = 0; spawn < plan.coldImport.spawns; spawn++) {
    const order = spawn % 2 === 0 ? (['ours', 'official'] as const) : (['official', 'ours'] as const);
    for (const contender of order) samples[contender].push(timeImport(specifiers[contender]));
  }
  const asSamples = (values: number[]): Samples => ({ median: median(values), samples: values });
  const coldImport = makeRow({
    id: 'package/cold-import',
    section: 'package',
    label: `cold import of the root (${plan.coldImport.spawns} fresh processes)`,
    unit: 'ms',
    values: { ours: asSamples(samples.ours), official: asSamples(samples.official) },
  });

  const bundle = makeRow({
    id: 'package/browser-bundle',
    section: 'package',
    label: 'browser app bundle (encrypted send + download), minified + gzipped',
    unit: 'bytes',
    values: {
      ours: single((await bundleSize({ contents: ourApp(built), resolveDir: ROOT })).gzippedBytes),
      official: single((await bundleSize({ contents: OFFICIAL_APP, resolveDir: ROOT })).gzippedBytes),
    },
  });
  return [coldImport, bundle];
}

/**
 * The bundle row measures the same small browser app on each SDK, with the project's own size check
 * (scripts/bundle-size.ts: esbuild, browser platform, minified, gzip): ours from the built package when there is
 * one, else from the sources; the official one resolves to its browser build, which no bundler can shake.
 */
function ourApp(built: BuiltPackage): string {
  return built.source.startsWith('./dist/')
    ? SIZE_APP
    : SIZE_APP.replace("'pubnub-files/operations'", "'./src/operations.ts'");
}

const OFFICIAL_APP = `
import PubNub from 'pubnub';

const pubnub = new PubNub({
  subscribeKey: 'sub-c-app',
  publishKey: 'pub-c-app',
  userId: 'app',
  cryptoModule: PubNub.CryptoModule.aesCbcCryptoModule({ cipherKey: 'app-key' }),
});
export const share = (file: Blob) => pubnub.sendFile({ channel: 'room', file: { data: file, name: 'photo.jpg' } });
export const fetchFile = (id: string, name: string) => pubnub.downloadFile({ channel: 'room', id, name });
`;
