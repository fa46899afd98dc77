// Row 5: what it costs to load each package. Cold import = the time `await import('pubnub-files')` (or 'pubnub')
// takes in a fresh Node process whose ESM loader is already started, as in any ESM app (median of many spawns,
// alternating). Bundle = the same small browser app built on each SDK.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleSize, SIZE_APP } from '../../scripts/bundle-size.ts';
import { summarize, type Samples } from '../lib/measure.ts';
import type { Plan } from '../lib/plan.ts';
import { makeRow, single, type Row } from '../lib/report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** An empty module: the first `import()` of a process pays for starting Node's ESM loader, whatever it imports. */
const EMPTY_MODULE = pathToFileURL(fileURLToPath(new URL('../lib/empty-module.js', import.meta.url))).href;

interface ImportTiming {
  /** Milliseconds of the process's first `import()`, of the empty module: the loader's start-up. */
  loaderWarmup: number;
  /** Milliseconds of the timed `import()` of the package, by its bare name, right after. */
  packageImport: number;
  /** The file the bare name resolved to. */
  resolved: string;
}

/**
 * In a fresh `node` (no tsx, no flags) whose working directory is the repository: first the empty module, then the
 * package by its bare name, as an app imports it. This package resolves through its own package.json "exports"
 * (a package may import itself by name), the official one from node_modules.
 */
function timeImport(specifier: string): ImportTiming {
  const script = [
    'let start = performance.now();',
    `await import(${JSON.stringify(EMPTY_MODULE)});`,
    'const loaderWarmup = performance.now() - start;',
    'start = performance.now();',
    `await import(${JSON.stringify(specifier)});`,
    'const packageImport = performance.now() - start;',
    `const resolved = import.meta.resolve(${JSON.stringify(specifier)});`,
    'process.stdout.write(JSON.stringify({ loaderWarmup, packageImport, resolved }));',
  ].join('\n');
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`importing ${specifier} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ImportTiming;
}

export interface PackageResult {
  rows: Row[];
  /** The empty module's first-import time over every spawn of both contenders: what the cold-import row leaves out. */
  esmLoaderWarmup: Samples;
  /** The file each bare specifier resolved to in the fresh processes. */
  resolved: Record<'ours' | 'official', string>;
}

export async function packageRows(plan: Plan): Promise<PackageResult> {
  const specifiers = { ours: 'pubnub-files', official: 'pubnub' } as const;
  const samples: Record<'ours' | 'official', number[]> = { ours: [], official: [] };
  const warmups: number[] = [];
  const resolved = { ours: '', official: '' };
  for (let spawn = 0; spawn < plan.coldImport.spawns; spawn++) {
    const order = spawn % 2 === 0 ? (['ours', 'official'] as const) : (['official', 'ours'] as const);
    for (const contender of order) {
      const timing = timeImport(specifiers[contender]);
      samples[contender].push(timing.packageImport);
      warmups.push(timing.loaderWarmup);
      resolved[contender] = fileURLToPath(timing.resolved).replace(`${ROOT}/`, '');
    }
  }
  const coldImport = makeRow({
    id: 'package/cold-import',
    section: 'package',
    label: `cold import of the root, loader already started (${plan.coldImport.spawns} fresh processes)`,
    unit: 'ms',
    values: { ours: summarize(samples.ours), official: summarize(samples.official) },
    limit: { max: 10, text: 'ours ≤ 10 ms' },
  });

  // Ours from the built package (the app imports 'pubnub-files/operations', resolved through package.json "exports");
  // the official one resolves to its browser build, which no bundler can shake.
  const bundle = makeRow({
    id: 'package/browser-bundle',
    section: 'package',
    label: 'browser app bundle (encrypted send + download), minified + gzipped',
    unit: 'bytes',
    values: {
      ours: single((await bundleSize({ contents: SIZE_APP, resolveDir: ROOT })).gzippedBytes),
      official: single((await bundleSize({ contents: OFFICIAL_APP, resolveDir: ROOT })).gzippedBytes),
    },
  });
  return { rows: [coldImport, bundle], esmLoaderWarmup: summarize(warmups), resolved };
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
