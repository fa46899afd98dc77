// `npm run check:package` (which builds first): the package as npm would publish it, checked the way users meet it.
// 1. `npm pack` into a temp dir; publint (strict) and attw read that tarball.
// 2. The tarball is unpacked into a throwaway app's node_modules; there every subpath loads by its name under both
//    `import` and `require`, and the `pubnub-files-emulator` bin starts and serves, which proves the packed
//    emulator finds the packaged spec and dashboard files and needs none of the project's devDependencies; the
//    `pubnub-files` bin sends and downloads through it with nothing but the PUBNUB_* variables set.
// Exports the pack and install helpers for the runtime tests.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');

/**
 * `npm pack` of the project into `dir`; returns the tarball's path. Callers build `dist/` just before (the
 * check:package and test:runtimes scripts), so the prepack build is skipped (its output would land in the JSON read
 * here).
 */
export function packPackage(dir: string): string {
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const [packed] = JSON.parse(out) as Array<{ filename: string }>;
  if (packed === undefined) throw new Error('npm pack reported no tarball');
  return join(dir, packed.filename);
}

/**
 * A minimal app at `appDir` with the tarball unpacked as `node_modules/pubnub-files` and its one dependency
 * (openapi-fetch, with its own) copied from the project: what `npm install pubnub-files` gives, without a registry.
 */
export function installPacked(tarball: string, appDir: string): string {
  const packageDir = join(appDir, 'node_modules', 'pubnub-files');
  mkdirSync(packageDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
  for (const dep of ['openapi-fetch', 'openapi-typescript-helpers']) {
    cpSync(join(ROOT, 'node_modules', dep), join(appDir, 'node_modules', dep), { recursive: true, dereference: true });
  }
  // npm makes bins executable on install; the tarball's modes are normalised.
  chmodSync(join(packageDir, 'dist', 'emulator', 'cli.mjs'), 0o755);
  chmodSync(join(packageDir, 'dist', 'cli', 'pubnub-files.mjs'), 0o755);
  writeFileSync(join(appDir, 'package.json'), JSON.stringify({ private: true, type: 'module' }, null, 2));
  return packageDir;
}

export interface StartedEmulator {
  /** `127.0.0.1:PORT`, what the SDK takes as `origin`. */
  origin: string;
  stop(): Promise<void>;
}

/** Runs the packed `pubnub-files-emulator` bin (through its shebang) on 127.0.0.1, port 0, data in `dataDir`. */
export function startPackedEmulator(packageDir: string, dataDir: string): Promise<StartedEmulator> {
  const child = spawn(join(packageDir, 'dist', 'emulator', 'cli.mjs'), [], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PUBNUB_EMULATOR_DATA: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /listening on http:\/\/(127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url === undefined) return;
      child.stdout.off('data', onData);
      resolve({
        origin: url,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`the packed emulator exited (${code}) before listening:\n${output}`)),
    );
  });
}

function run(command: string, args: string[], cwd = ROOT): void {
  execFileSync(command, args, { cwd, stdio: 'inherit' });
}

/**
 * Each subpath by name from the app, in both module systems, and a round trip through the SDK and the low-level
 * client against the packed emulator in each (loading is not enough: the CJS build once loaded fine and failed at
 * `new PubNub`).
 */
async function smokeTest(appDir: string, packageDir: string): Promise<void> {
  // The builds for browsers and workers (dist/*, not dist/node/) must load where there is no `node:` module.
  for (const file of readdirSync(join(packageDir, 'dist'))) {
    if (!/\.(js|cjs)$/.test(file)) continue;
    if (readFileSync(join(packageDir, 'dist', file), 'utf8').includes('node:'))
      throw new Error(`dist/${file} (the build for browsers and workers) mentions a node: module`);
  }
  // What both module systems run, given `root`, `lowlevel`, `origin` and a channel of their own.
  const roundTrip = [
    "const config = { origin, ssl: false, subscribeKey: 'demo', publishKey: 'demo', userId: 'smoke' };",
    'const pubnub = new root.PubNub(config);',
    "const sent = await pubnub.sendFile({ channel, fileName: 'smoke.txt', file: 'smoke test' });",
    'const got = await pubnub.downloadFile({ channel, fileId: sent.fileId, fileName: sent.name });',
    "if (new TextDecoder().decode(got.data) !== 'smoke test') throw new Error('downloadFile: wrong bytes');",
    // Encrypted both ways through the build's crypto backend, a file larger than one cipher step (256 KiB).
    "const secret = new root.PubNub({ ...config, cryptoModule: root.CryptoModule.aesCbcCryptoModule({ cipherKey: 'smoke' }) });",
    'const big = new Uint8Array(300000).map((_, i) => i % 251);',
    "const sentSecret = await secret.sendFile({ channel: channel + '-secret', fileName: 'secret.bin', file: big });",
    "const gotSecret = await secret.downloadFile({ channel: channel + '-secret', fileId: sentSecret.fileId, fileName: sentSecret.name });",
    "if (gotSecret.data.length !== big.length || gotSecret.data.some((b, i) => b !== big[i])) throw new Error('encrypted round trip: wrong bytes');",
    'const listed = await pubnub.listFiles({ channel });',
    "if (listed.data.length !== 1 || listed.data[0].id !== sent.fileId) throw new Error('listFiles: ' + JSON.stringify(listed));",
    'const client = lowlevel.createFilesClient(config);',
    "const { data } = await client.GET('/v1/files/{sub_key}/channels/{channel}/files', { params: { path: { sub_key: 'demo', channel } } });",
    "if (data?.data?.length !== 1) throw new Error('low-level listFiles: ' + JSON.stringify(data));",
    // The standalone functions of pubnub-files/operations, on the file the class sent.
    'const standalone = operations.createClient(config);',
    'const fetched = await operations.downloadFile(standalone, { channel, fileId: sent.fileId, fileName: sent.name });',
    "if (new TextDecoder().decode(fetched.data) !== 'smoke test') throw new Error('operations.downloadFile: wrong bytes');",
  ].join('\n');
  const esm = [
    "import * as root from 'pubnub-files';",
    "import * as lowlevel from 'pubnub-files/lowlevel';",
    "import * as operations from 'pubnub-files/operations';",
    "import * as emulator from 'pubnub-files/emulator';",
    "if (typeof root.PubNub !== 'function' || typeof root.CryptoModule.aesCbcCryptoModule !== 'function') throw new Error('root');",
    "if (typeof lowlevel.createFilesClient !== 'function') throw new Error('lowlevel');",
    "if (typeof emulator.startEmulator !== 'function') throw new Error('emulator');",
    // The CJS build loaded beside the ESM one: each recognises the other's errors (a brand, not instanceof).
    // Node takes the build of the `node` export condition (the node:crypto backend), for each module system.
    "for (const [sub, name] of [['', 'index'], ['/operations', 'operations'], ['/lowlevel', 'lowlevel']]) {",
    "  if (!import.meta.resolve('pubnub-files' + sub).endsWith('/dist/node/' + name + '.mjs')) throw new Error('ESM: not the node build of ' + sub);",
    "  if (!(await import('node:module')).createRequire(import.meta.url).resolve('pubnub-files' + sub).endsWith('/dist/node/' + name + '.cjs')) throw new Error('CJS: not the node build of ' + sub);",
    '}',
    "const cjsRoot = (await import('node:module')).createRequire(import.meta.url)('pubnub-files');",
    "if (cjsRoot.PubNub === root.PubNub) throw new Error('expected two copies: the ESM and the CJS build');",
    "const refusal = (PubNub) => { try { new PubNub({}); } catch (error) { return error; } throw new Error('no refusal'); };",
    "if (!root.isPubNubError(refusal(cjsRoot.PubNub)) || !cjsRoot.isPubNubError(refusal(root.PubNub))) throw new Error('isPubNubError across copies');",
    // The root and pubnub-files/operations are separate files, each with its own copy of the class: instanceof goes by
    // the brand, so each copy's errors are instances of the others' (the CJS build's too).
    "const opsRefusal = (() => { try { operations.createClient({}); } catch (error) { return error; } throw new Error('no refusal'); })();",
    "if (!(opsRefusal instanceof root.PubNubError) || !(refusal(root.PubNub) instanceof operations.PubNubError) || !(refusal(cjsRoot.PubNub) instanceof root.PubNubError)) throw new Error('instanceof PubNubError across copies');",
    "if (new Error('x') instanceof root.PubNubError) throw new Error('instanceof PubNubError: false positive');",
    "if (root.isPubNubError(new Error('x')) || root.isPubNubError({ name: 'PubNubError' }) || root.isPubNubError(null)) throw new Error('isPubNubError: false positive');",
    "const [origin, channel] = [process.argv[2], 'smoke-esm'];",
    roundTrip,
  ].join('\n');
  const cjs = [
    "const root = require('pubnub-files');",
    "const lowlevel = require('pubnub-files/lowlevel');",
    "const operations = require('pubnub-files/operations');",
    "const emulator = require('pubnub-files/emulator');",
    "if (typeof root.PubNub !== 'function' || typeof root.CryptoModule.aesCbcCryptoModule !== 'function') throw new Error('root');",
    "if (typeof lowlevel.createFilesClient !== 'function') throw new Error('lowlevel');",
    "const [origin, channel] = [process.argv[2], 'smoke-cjs'];",
    'const main = async () => {',
    // The CJS emulator reads the spec through its import.meta.url shim: start one to prove it finds it.
    '  await (await emulator.startEmulator({ inMemory: true })).close();',
    roundTrip,
    '};',
    'main().catch((error) => { console.error(error); process.exitCode = 1; });',
  ].join('\n');
  writeFileSync(join(appDir, 'smoke.mjs'), esm);
  writeFileSync(join(appDir, 'smoke.cjs'), cjs);

  const emulator = await startPackedEmulator(packageDir, join(appDir, 'data'));
  try {
    // The dashboard's static files are copied into the package, not bundled: the packed emulator must find them.
    for (const asset of ['', 'dashboard.js', 'dashboard.css']) {
      const answer = await fetch(`http://${emulator.origin}/_emulator/${asset}`);
      if (answer.status !== 200)
        throw new Error(`the packed emulator answers ${answer.status} for /_emulator/${asset}`);
    }
    run(process.execPath, ['smoke.mjs', emulator.origin], appDir);
    run(process.execPath, ['smoke.cjs', emulator.origin], appDir);
    // The command line through its shebang, configured the way `pubnub-files-emulator exec` does it.
    const cli = join(packageDir, 'dist', 'cli', 'pubnub-files.mjs');
    const env = {
      ...process.env,
      PUBNUB_ORIGIN: `http://${emulator.origin}`,
      PUBNUB_PUBLISH_KEY: 'demo',
      PUBNUB_SUBSCRIBE_KEY: 'demo',
      PUBNUB_USER_ID: 'smoke',
    };
    const sendArgs = ['send', '-', '--channel', 'smoke-cli', '--name', 'cli.txt', '--json'];
    const sent = JSON.parse(
      execFileSync(cli, sendArgs, { cwd: appDir, env, input: 'from the command line', encoding: 'utf8' }),
    ) as { fileId: string };
    const downloadArgs = [
      'download',
      '--channel',
      'smoke-cli',
      '--id',
      sent.fileId,
      '--name',
      'cli.txt',
      '--output',
      '-',
    ];
    const got = execFileSync(cli, downloadArgs, { cwd: appDir, env, encoding: 'utf8' });
    if (got !== 'from the command line') throw new Error(`pubnub-files download gave ${JSON.stringify(got)}`);
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pubnub-files-pack-'));
  try {
    const tarball = packPackage(dir);
    run(join(BIN, 'publint'), ['run', tarball, '--strict']);
    // Profile node16: every entry point is reached through `exports`, which TypeScript's legacy `node10`
    // resolution ignores; the package needs Node >= 20.19 and a `node16`/`nodenext`/`bundler` resolution.
    run(join(BIN, 'attw'), [tarball, '--profile', 'node16']);
    const appDir = join(dir, 'app');
    await smokeTest(appDir, installPacked(tarball, appDir));
    console.log('check:package: publint, attw and the installed-package smoke test passed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
