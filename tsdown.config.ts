import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'tsdown';

/**
 * `npm run build` → dist/, emptied first (tsdown cleans every config's outDir once, before any build starts).
 * - The SDK (root, `operations` + `lowlevel`) is platform-neutral: fetch and WebCrypto only; openapi-fetch, its one dependency,
 *   stays external. A second build of it, dist/node/, is what the `node` export condition picks: the same code with
 *   the node:crypto backend of `#aes-cbc` (src/highlevel/crypto/backend.ts).
 * - The emulator is Node-only. It goes to dist/emulator/, two levels down like src/emulator/, because it finds the
 *   spec at `new URL('../../openapi/pubnub-files.yaml', import.meta.url)`: from there that is the packaged spec.
 *   Its spec parser and validator (yaml, ajv, ajv-formats) are devDependencies, bundled in, so installing the
 *   package adds no dependency beyond openapi-fetch.
 * - The emulator's CLI is ESM only (top-level await) and shares the ESM emulator's chunk.
 * - The dashboard's static files (plain HTML, CSS and a script, no build step) are copied beside the built emulator,
 *   to dist/emulator/dashboard/, where `src/emulator/dashboard-assets.ts` finds them as it does in the sources.
 * - The `pubnub-files` command line goes to dist/cli/, Node-only and ESM only; the SDK is bundled into it (its one
 *   dependency, openapi-fetch, stays external), so it runs exactly the SDK of this build.
 */

/** `#aes-cbc` named outright: left to export conditions, the neutral CJS build would resolve it with `node` too. */
const aesCbc = (file: string) => ({
  resolve: { alias: { '#aes-cbc': fileURLToPath(new URL(`src/highlevel/crypto/${file}`, import.meta.url)) } },
});

const SDK = {
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  inputOptions: aesCbc('cbc.ts'),
} satisfies UserConfig;

/**
 * The same SDK for the `node` export condition (Node, Bun, Deno), in dist/node/: `#aes-cbc` is the node:crypto
 * backend. Its types are the ones of the neutral build (the two differ in no declaration).
 */
const SDK_NODE = {
  format: ['esm', 'cjs'],
  outDir: 'dist/node',
  platform: 'node',
  target: 'node20',
  dts: false,
  inputOptions: aesCbc('cbc-node.ts'),
} satisfies UserConfig;

const ROOT_ENTRY = { index: 'src/index.ts' };
const SUBPATH_ENTRIES = { operations: 'src/operations.ts', lowlevel: 'src/lowlevel/index.ts' };

const EMULATOR_BUNDLED = ['yaml', 'ajv', 'ajv-formats', 'fast-deep-equal', 'fast-uri', 'json-schema-traverse'];

const emulator = {
  outDir: 'dist/emulator',
  platform: 'node',
  target: 'node20',
  dts: true,
  deps: { alwaysBundle: EMULATOR_BUNDLED, onlyBundle: EMULATOR_BUNDLED },
} satisfies UserConfig;

/** Also built on its own by the CLI tests' setup (test/cli/global-setup.ts). */
export const cli = {
  entry: { 'pubnub-files': 'src/cli/main.ts' },
  outDir: 'dist/cli',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: false,
  outputOptions: { banner: (chunk) => (chunk.isEntry ? '#!/usr/bin/env node' : '') },
} satisfies UserConfig;

export default defineConfig([
  // The package root built on its own, sharing no chunk with the subpaths: a cold import pays per module loaded
  // (resolving, reading, compiling each), and it now loads two of its own (the entry and what it shares with the
  // subscribe code loaded on demand) instead of five. The subpaths' copies of PubNubError stay one class for
  // `instanceof` through its brand (Symbol.hasInstance in errors.ts).
  { ...SDK, entry: ROOT_ENTRY },
  { ...SDK, entry: SUBPATH_ENTRIES },
  { ...SDK_NODE, entry: ROOT_ENTRY },
  { ...SDK_NODE, entry: SUBPATH_ENTRIES },
  {
    ...emulator,
    entry: { index: 'src/emulator/index.ts', cli: 'src/emulator/cli.ts' },
    format: ['esm'],
    copy: [{ from: 'src/emulator/dashboard/*', to: 'dist/emulator/dashboard' }],
    // Rolldown's own banner hook: tsdown's function form of `banner` is called for the first chunk only.
    outputOptions: { banner: (chunk) => (chunk.fileName === 'cli.mjs' ? '#!/usr/bin/env node' : '') },
  },
  cli,
  // `import.meta.url` has no CJS equivalent without the shim (`__filename` as a file URL).
  { ...emulator, entry: { index: 'src/emulator/index.ts' }, format: ['cjs'], shims: true },
]);
