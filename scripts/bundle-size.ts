// `npm run check:size`: what the SDK costs a browser app. esbuild bundles a small app that imports `PubNub` and
// `CryptoModule` from the BUILT package (run after `npm run build`) and sends and downloads an encrypted file,
// and gzips the minified bundle. Importing this module only defines `bundleSize` and the app.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The target (issue 6): 12 KB, against the official SDK's 55 KB. Missed today: see README, "Bundle size". */
export const TARGET_BYTES = 12 * 1024;
/**
 * What fails the check: 14 KB, about 840 bytes above today's figure (13,499), the room a session's worth of careful
 * fixes took (input checks, the plain-http UUID fallback). Loading the subscribe code up front again (about 1.9 KB),
 * a Node-only import or lost tree-shaking fails it.
 */
export const LIMIT_BYTES = 14 * 1024;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A file to bundle, or source text whose imports resolve from `resolveDir`. */
export type BundleEntry = string | { contents: string; resolveDir: string };

export interface BundleSize {
  minifiedBytes: number;
  /** The minified bundle through gzip at its default level (6), as a server would send it. */
  gzippedBytes: number;
  /** esbuild's metafile: which input contributed how many bytes (`npx esbuild --analyze` reads the same). */
  metafile: Metafile;
  /** Modules the app imports with `import()`: not in the bundle, fetched when that code first runs. */
  lazy: LazyChunk[];
}

export interface LazyChunk {
  path: string;
  /** The module with what it imports statically left out (that is already loaded), minified and gzipped. */
  gzippedBytes: number;
}

const BROWSER = { bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false } as const;

/**
 * Bundles `entry` as a browser app would ship it (ESM, minified, tree-shaken) and measures what the browser
 * downloads up front: the code only a dynamic `import()` reaches is left out, as an app bundler ships it (Vite 8's
 * Rolldown with its app settings: one entry chunk, and the lazy chunk fetched when the import runs). esbuild itself
 * would inline it without `splitting`, and with `splitting` moves the code shared with the lazy chunk to a file of
 * its own, so an esbuild-split app fetches two files up front, about 1 KB more than the one measured here.
 */
export async function bundleSize(entry: BundleEntry): Promise<BundleSize> {
  const RESOLVING = Symbol('resolving a dynamic import');
  const lazyPaths = new Set<string>();
  const leaveDynamicImportsOut: Plugin = {
    name: 'leave-dynamic-imports-out',
    setup(bundler) {
      bundler.onResolve({ filter: /.*/ }, async (args) => {
        // The inner resolve (marked by its pluginData) comes back through this hook: let esbuild answer it.
        if (args.kind !== 'dynamic-import' || args.pluginData === RESOLVING) return undefined;
        const { kind, importer, resolveDir } = args;
        const resolved = await bundler.resolve(args.path, { kind, importer, resolveDir, pluginData: RESOLVING });
        if (resolved.errors.length === 0) lazyPaths.add(resolved.path);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { ...entry, loader: 'ts' as const } }),
    ...BROWSER,
    metafile: true,
    logLevel: 'silent',
    plugins: [leaveDynamicImportsOut],
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no output');
  const lazy = await Promise.all([...lazyPaths].map(async (path) => ({ path, gzippedBytes: await ownSize(path) })));
  return { minifiedBytes: output.contents.length, gzippedBytes: gzipSync(output.contents).length, metafile: result.metafile, lazy };
}

async function ownSize(path: string): Promise<number> {
  const everyImportExternal: Plugin = {
    name: 'every-import-external',
    setup(bundler) {
      bundler.onResolve({ filter: /.*/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path, external: true }));
    },
  };
  const result = await build({ entryPoints: [path], ...BROWSER, logLevel: 'silent', plugins: [everyImportExternal] });
  return gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array()).length;
}

/** The app the budget is about: encrypted send and download, nothing else. */
export const SIZE_APP = `
import { CryptoModule, PubNub } from 'pubnub-files';

const pubnub = new PubNub({
  subscribeKey: 'sub-c-app',
  publishKey: 'pub-c-app',
  userId: 'app',
  cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: 'app-key' }),
});
export const share = (file: Blob) => pubnub.sendFile({ channel: 'room', fileName: 'photo.jpg', file });
export const fetchFile = (id: string, name: string) => pubnub.downloadFile({ channel: 'room', fileId: id, fileName: name });
`;

async function main(): Promise<void> {
  const ours = await bundleSize({ contents: SIZE_APP, resolveDir: ROOT });
  const official = gzipSync(readFileSync(new URL('../node_modules/pubnub/dist/web/pubnub.min.js', import.meta.url))).length;
  const lazy = ours.lazy.map((chunk) => `${chunk.path.slice(ROOT.length)} ${chunk.gzippedBytes} bytes`).join(', ');
  console.log(
    `check:size: an app sending and downloading encrypted files: ${ours.gzippedBytes} bytes minified + gzipped ` +
      `(${ours.minifiedBytes} minified) up front, target ${TARGET_BYTES}; loaded on first use: ${lazy || 'nothing'}; ` +
      `pubnub@12.0.3 dist/web/pubnub.min.js gzipped: ${official} bytes`,
  );
  // The built files are a few chunks: the same app bundled from the sources says which module weighs what.
  const fromSources = await bundleSize({ contents: SIZE_APP.replace("'pubnub-files'", "'./src/index.ts'"), resolveDir: ROOT });
  const inputs = Object.values(fromSources.metafile.outputs)[0]?.inputs ?? {};
  const largest = Object.entries(inputs)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, 12)
    .map(([path, { bytesInOutput }]) => `  ${String(bytesInOutput).padStart(6)} ${path}`);
  console.log(`Largest modules (minified bytes):\n${largest.join('\n')}`);
  if (ours.gzippedBytes > LIMIT_BYTES) {
    console.error(`check:size failed: ${ours.gzippedBytes} bytes is above the ${LIMIT_BYTES}-byte limit`);
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
