// Installs each runtime the tests need into its own prefix under .runtimes/ (gitignored), pinned, reused when the
// pinned version is already there. Nothing is put on PATH: the project's own `node` stays the one in use.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/check-package.ts';

export const RUNTIMES_DIR = join(ROOT, '.runtimes');

interface Pinned {
  /** The npm package and its exact version. */
  pkg: string;
  version: string;
  /** The packages whose install scripts must run (node's preinstall fetches its binary package; bun's and
   * deno's postinstall put their binary in place; workerd's checks its binary). Every other script is refused. */
  allowScripts: string[];
  /** The executable in node_modules/.bin, if the runtime has one. */
  bin?: string;
}

export const PINNED = {
  node22: { pkg: 'node', version: '22.23.3', allowScripts: ['node'], bin: 'node' },
  node24: { pkg: 'node', version: '24.21.0', allowScripts: ['node'], bin: 'node' },
  bun: { pkg: 'bun', version: '1.4.4', allowScripts: ['bun'], bin: 'bun' },
  deno: { pkg: 'deno', version: '2.9.6', allowScripts: ['deno'], bin: 'deno' },
  // miniflare 4 runs on Node >= 22: it is started with the node22 prefix's binary.
  miniflare: { pkg: 'miniflare', version: '4.20260730.0', allowScripts: ['workerd'] },
} satisfies Record<string, Pinned>;

export type RuntimeName = keyof typeof PINNED;

/** The prefix of `name`, installed first when its pinned version is not there. */
export function ensureRuntime(name: RuntimeName): string {
  const pinned: Pinned = PINNED[name];
  const prefix = join(RUNTIMES_DIR, name);
  if (installedVersion(prefix, pinned.pkg) === pinned.version) return prefix;
  mkdirSync(prefix, { recursive: true });
  // The prefix's own policy, as strict as the project's: only the named packages may run install scripts.
  const allowScripts = Object.fromEntries(pinned.allowScripts.map((pkg) => [pkg, true]));
  writeFileSync(join(prefix, 'package.json'), `${JSON.stringify({ private: true, allowScripts }, null, 2)}\n`);
  writeFileSync(join(prefix, '.npmrc'), 'strict-allow-scripts=true\n');
  process.stdout.write(`installing ${pinned.pkg}@${pinned.version} into .runtimes/${name}\n`);
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--save-exact',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${pinned.pkg}@${pinned.version}`,
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  return prefix;
}

export function runtimeBin(name: RuntimeName): string {
  const pinned: Pinned = PINNED[name];
  if (pinned.bin === undefined) throw new Error(`${name} has no executable`);
  return join(ensureRuntime(name), 'node_modules', '.bin', pinned.bin);
}

function installedVersion(prefix: string, pkg: string): string | undefined {
  const manifest = join(prefix, 'node_modules', pkg, 'package.json');
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
}

/** What one runtime's run of the scenario reports. */
export interface RunResult {
  ok: boolean;
  /** The runtime as it reports itself, e.g. `node 22.23.3`. */
  version: string;
  detail: unknown;
}

export const CHROMIUM = '/usr/bin/chromium';

/** Debian's chromium (never a browser download): apt-get as root when it is missing. */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0)
    throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\``);
  process.stdout.write('installing chromium with apt-get\n');
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return CHROMIUM;
}
