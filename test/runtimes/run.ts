// `npm run test:runtimes` (after the build): the packed package, installed into a throwaway app, runs the same
// scenario (scenario.ts) in Node 20 (this process's node), Node 22, Node 24, Bun, Deno, headless Chromium and a
// workerd worker, against one emulator started from the packed package's bin on 127.0.0.1. Runtimes are installed
// on first use (setup.ts). Ends with `N passed, M failed`; exit code 1 when any failed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { installPacked, packPackage, startPackedEmulator } from '../../scripts/check-package.ts';
import { runInChromium } from './browser.ts';
import { ensureChromium, ensureRuntime, runtimeBin, PINNED, type RunResult } from './setup.ts';

const HERE = new URL('.', import.meta.url).pathname;
/** A bound on one runtime's run, so a hang fails instead of stalling CI; not an assertion on speed. */
const RUN_LIMIT_MS = 180_000;

/** The scenario as plain ESM for the page, the process entry with it inlined, and the worker bundle. */
async function buildEntries(appDir: string, hostDir: string): Promise<void> {
  const common = { bundle: true, format: 'esm', target: 'es2022', logLevel: 'error' } as const;
  await build({
    ...common,
    entryPoints: [join(HERE, 'scenario.ts')],
    outfile: join(appDir, 'scenario.mjs'),
    platform: 'neutral',
  });
  await build({
    ...common,
    entryPoints: [join(HERE, 'entry-process.ts')],
    outfile: join(appDir, 'entry-process.mjs'),
    platform: 'neutral',
  });
  // The worker imports the package by name from the app, as a Workers project would, and bundles it.
  await build({
    ...common,
    stdin: {
      resolveDir: appDir,
      loader: 'js',
      contents: `
        import * as sdk from 'pubnub-files';
        import { runScenario } from ${JSON.stringify(join(HERE, 'scenario.ts'))};
        export default {
          async fetch(request) {
            const origin = new URL(request.url).searchParams.get('origin');
            try {
              return Response.json({ ok: true, ...(await runScenario(sdk, origin, 'workerd')) });
            } catch (error) {
              return Response.json({ ok: false, error: String(error?.stack ?? error) }, { status: 500 });
            }
          },
        };`,
    },
    outfile: join(appDir, 'worker.mjs'),
    platform: 'browser',
    conditions: ['workerd', 'worker'],
  });
  await build({
    ...common,
    entryPoints: [join(HERE, 'workerd-host.ts')],
    outfile: join(hostDir, 'host.mjs'),
    platform: 'node',
  });
}

/** Runs a child process to its end; its last stdout line is the JSON outcome. */
function runProcess(command: string, args: string[], cwd: string, version: string): Promise<RunResult> {
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const limit = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(limit);
      const last = stdout.trim().split('\n').at(-1) ?? '';
      let outcome: Record<string, unknown> = {};
      try {
        outcome = JSON.parse(last) as Record<string, unknown>;
      } catch {
        outcome = { stdout };
      }
      const reported = typeof outcome['version'] === 'string' ? outcome['version'] : version;
      const ok = code === 0 && outcome['ok'] === true;
      resolve({
        ok,
        version: reported,
        detail: ok ? outcome : { ...outcome, code, signal, stderr: stderr.slice(-4000) },
      });
    });
  });
}

function packageVersion(prefix: string, pkg: string): string {
  return (JSON.parse(readFileSync(join(prefix, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
    .version;
}

interface Runtime {
  name: string;
  run: (origin: string) => Promise<RunResult>;
}

function runtimes(appDir: string): Runtime[] {
  const entry = join(appDir, 'entry-process.mjs');
  const node = (name: 'node22' | 'node24'): Runtime => ({
    name: `Node ${PINNED[name].version}`,
    run: (origin) => runProcess(runtimeBin(name), [entry, origin, name], appDir, `node ${PINNED[name].version}`),
  });
  return [
    {
      name: `Node ${process.versions.node}`,
      run: (origin) => runProcess(process.execPath, [entry, origin, 'node20'], appDir, 'node'),
    },
    node('node22'),
    node('node24'),
    {
      name: `Bun ${PINNED.bun.version}`,
      run: (origin) => runProcess(runtimeBin('bun'), [entry, origin, 'bun'], appDir, 'bun'),
    },
    {
      name: `Deno ${PINNED.deno.version}`,
      run: (origin) =>
        runProcess(
          runtimeBin('deno'),
          ['run', '--no-prompt', '--allow-net=127.0.0.1', `--allow-read=${appDir}`, entry, origin, 'deno'],
          appDir,
          'deno',
        ),
    },
    { name: 'Chromium (headless)', run: (origin) => runInChromium(ensureChromium(), appDir, origin) },
    {
      name: `workerd (miniflare ${PINNED.miniflare.version})`,
      run: async (origin) => {
        const prefix = ensureRuntime('miniflare');
        const version = `workerd ${packageVersion(prefix, 'workerd')}`;
        const result = await runProcess(
          runtimeBin('node22'),
          [join(prefix, 'host.mjs'), join(appDir, 'worker.mjs'), origin],
          prefix,
          version,
        );
        return { ...result, version };
      },
    },
  ];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pubnub-files-runtimes-'));
  const appDir = join(dir, 'app');
  const packageDir = installPacked(packPackage(dir), appDir);
  // Deno resolves bare specifiers from node_modules for the dependencies its package.json declares.
  writeFileSync(
    join(appDir, 'package.json'),
    JSON.stringify({ private: true, type: 'module', dependencies: { 'pubnub-files': '*' } }),
  );
  await buildEntries(appDir, ensureRuntime('miniflare'));
  const emulator = await startPackedEmulator(packageDir, join(dir, 'emulator-data'));
  let passed = 0;
  let failed = 0;
  try {
    // `npm run test:runtimes -- deno chromium` runs only the runtimes whose names contain one of the words.
    const only = process.argv.slice(2).map((word) => word.toLowerCase());
    const chosen = runtimes(appDir).filter(
      (r) => only.length === 0 || only.some((word) => r.name.toLowerCase().includes(word)),
    );
    for (const runtime of chosen) {
      let result: RunResult;
      try {
        result = await runtime.run(emulator.origin);
      } catch (error) {
        result = { ok: false, version: runtime.name, detail: String((error as Error).stack ?? error) };
      }
      if (result.ok) passed += 1;
      else failed += 1;
      console.log(`${result.ok ? 'PASS' : 'FAIL'} ${runtime.name}: ${result.version}`);
      if (!result.ok) console.log(JSON.stringify(result.detail, null, 2));
    }
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

await main();
