// `npm run check:size`: what the SDK costs a browser app. esbuild bundles a small app that imports `PubNub` and
// `CryptoModule` from the BUILT package (run after `npm run build`) and sends and downloads an encrypted file,
// and gzips the minified bundle. Importing this module only defines `bundleSize` and the app.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/**
 * The budget: 13 KB up front for an app that sends and downloads encrypted files and imports only what it uses,
 * against the official SDK's 55 KB; above it `npm test` fails. A Node-only import or lost tree-shaking is what this
 * is meant to catch.
 */
export const BUDGET_BYTES = 13 * 1024;

/**
 * The PubNub class carries every method and the listener API whatever an app calls: its app is held under a ceiling
 * of its own, so that it does not grow unnoticed.
 */
export const CLASS_CEILING_BYTES = 16 * 1024;

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

const BROWSER = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
} as const;

/**
 * Bundles `entry` as a browser app would ship it (ESM, minified, tree-shaken) and measures what the browser
 * downloads up front, the way an app bundler that splits code ships it (Vite's Rolldown, webpack): the modules only a
 * dynamic `import()` reaches go to chunks fetched when the import runs, and everything else is in the entry chunk,
 * including what those lazy chunks import from it (the entry exports it for them, so it is not tree-shaken away).
 * esbuild itself cannot split that way (it inlines dynamic imports without `splitting`, and with it makes extra
 * shared chunks), so this runs it twice: once to find the static and the lazy modules, then with the entry also
 * exporting every binding a lazy module imports from a static one.
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
  const stdin =
    typeof entry === 'string' ? { contents: `export * from ${JSON.stringify(entry)};`, resolveDir: ROOT } : entry;
  const bundle = (contents: string) =>
    build({
      stdin: { ...stdin, contents, loader: 'ts' },
      ...BROWSER,
      metafile: true,
      logLevel: 'silent',
      plugins: [leaveDynamicImportsOut],
    });
  const first = await bundle(stdin.contents);
  const staticPaths = new Set(Object.keys(first.metafile.inputs).map((input) => resolve(ROOT, input)));
  const { lazyOnly, neededUpFront } = walkLazyModules(lazyPaths, staticPaths);
  let n = 0;
  const exportsForLazy = [...neededUpFront]
    .map(
      ([path, names]) =>
        `export { ${[...names].map((name) => `${name} as l${n++}`).join(', ')} } from ${JSON.stringify(path)};`,
    )
    .join('\n');
  const result = await bundle(`${stdin.contents}\n${exportsForLazy}`);
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no output');
  const lazy = await Promise.all([...lazyOnly].map(async (path) => ({ path, gzippedBytes: await ownSize(path) })));
  return {
    minifiedBytes: output.contents.length,
    gzippedBytes: gzipSync(output.contents).length,
    metafile: result.metafile,
    lazy,
  };
}

/**
 * From the modules dynamic imports reach, every module only they reach (static imports among themselves, further
 * dynamic imports), and the bindings those import from the modules loaded up front, by module.
 */
function walkLazyModules(lazyPaths: Set<string>, staticPaths: Set<string>) {
  const lazyOnly = new Set<string>();
  const neededUpFront = new Map<string, Set<string>>();
  const queue = [...lazyPaths];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    // A real bundler would keep that module's whole namespace in the entry; this measurement would tree-shake it.
    if (staticPaths.has(path))
      throw new Error(`${path} is imported dynamically and loaded up front: this measurement does not follow that`);
    if (lazyOnly.has(path)) continue;
    lazyOnly.add(path);
    for (const { specifier, names, dynamic } of importsOf(path)) {
      if (!specifier.startsWith('.'))
        throw new Error(
          `${path}: a lazy module imports the package ${specifier}, which this measurement does not follow`,
        );
      const target = resolve(dirname(path), specifier);
      if (dynamic || !staticPaths.has(target)) queue.push(target);
      else
        for (const name of names)
          (neededUpFront.get(target) ?? neededUpFront.set(target, new Set()).get(target)!).add(name);
    }
  }
  return { lazyOnly, neededUpFront };
}

/** A module's value imports and re-exports (by the name its target exports), and its dynamic imports. */
function importsOf(path: string): Array<{ specifier: string; names: string[]; dynamic: boolean }> {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Array<{ specifier: string; names: string[]; dynamic: boolean }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      if (specifier !== undefined && ts.isStringLiteral(specifier))
        found.push({ specifier: specifier.text, names: [], dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const names: string[] = clause?.name ? ['default'] : [];
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings))
        throw new Error(`${path}: a namespace import, which this measurement does not follow`);
      for (const element of bindings?.elements ?? [])
        if (!element.isTypeOnly) names.push((element.propertyName ?? element.name).text);
      found.push({ specifier: statement.moduleSpecifier.text, names, dynamic: false });
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      if (statement.isTypeOnly) continue;
      const clause = statement.exportClause;
      if (clause === undefined || !ts.isNamedExports(clause))
        throw new Error(`${path}: \`export *\`, which this measurement does not follow`);
      const names = clause.elements
        .filter((element) => !element.isTypeOnly)
        .map((element) => (element.propertyName ?? element.name).text);
      found.push({ specifier: statement.moduleSpecifier.text, names, dynamic: false });
    }
  }
  visit(file);
  return found;
}

async function ownSize(path: string): Promise<number> {
  const everyImportExternal: Plugin = {
    name: 'every-import-external',
    setup(bundler) {
      bundler.onResolve({ filter: /.*/ }, (args) =>
        args.kind === 'entry-point' ? undefined : { path: args.path, external: true },
      );
    },
  };
  const result = await build({ entryPoints: [path], ...BROWSER, logLevel: 'silent', plugins: [everyImportExternal] });
  return gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array()).length;
}

/**
 * The app the budget is about: encrypted send and download, nothing else, importing only what it uses (the
 * standalone functions of `pubnub-files/operations`).
 */
export const SIZE_APP = `
import { CryptoModule, createClient, downloadFile, sendFile } from 'pubnub-files/operations';

const client = createClient({
  subscribeKey: 'sub-c-app',
  publishKey: 'pub-c-app',
  userId: 'app',
  cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey: 'app-key' }),
});
export const share = (file: Blob) => sendFile(client, { channel: 'room', fileName: 'photo.jpg', file });
export const fetchFile = (id: string, name: string) => downloadFile(client, { channel: 'room', fileId: id, fileName: name });
`;

/** The same app on the PubNub class, which carries every method (and the listener API) whatever the app calls. */
export const CLASS_APP = `
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
  const onTheClass = await bundleSize({ contents: CLASS_APP, resolveDir: ROOT });
  const official = gzipSync(
    readFileSync(new URL('../node_modules/pubnub/dist/web/pubnub.min.js', import.meta.url)),
  ).length;
  const lazy = onTheClass.lazy
    .map((chunk) => `${chunk.path.slice(ROOT.length)} ${chunk.gzippedBytes} bytes`)
    .join(', ');
  console.log(
    `check:size: an app sending and downloading encrypted files with pubnub-files/operations: ${ours.gzippedBytes} ` +
      `bytes minified + gzipped (${ours.minifiedBytes} minified), budget ${BUDGET_BYTES}; the same app on the PubNub ` +
      `class: ${onTheClass.gzippedBytes} bytes up front (ceiling ${CLASS_CEILING_BYTES}), loaded on first use: ` +
      `${lazy || 'nothing'}; pubnub@12.0.3 dist/web/pubnub.min.js gzipped: ${official} bytes`,
  );
  // The built files are a few chunks: the same app bundled from the sources says which module weighs what.
  const fromSources = await bundleSize({
    contents: SIZE_APP.replace("'pubnub-files/operations'", "'./src/operations.ts'"),
    resolveDir: ROOT,
  });
  const inputs = Object.values(fromSources.metafile.outputs)[0]?.inputs ?? {};
  const largest = Object.entries(inputs)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, 12)
    .map(([path, { bytesInOutput }]) => `  ${String(bytesInOutput).padStart(6)} ${path}`);
  console.log(`Largest modules (minified bytes):\n${largest.join('\n')}`);
  if (ours.gzippedBytes > BUDGET_BYTES) {
    console.error(`check:size failed: ${ours.gzippedBytes} bytes is above the ${BUDGET_BYTES}-byte budget`);
    process.exitCode = 1;
  }
  if (onTheClass.gzippedBytes > CLASS_CEILING_BYTES) {
    console.error(
      `check:size failed: the PubNub class app, ${onTheClass.gzippedBytes} bytes, is above its ${CLASS_CEILING_BYTES}-byte ceiling`,
    );
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
