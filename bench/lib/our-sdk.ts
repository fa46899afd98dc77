// This SDK as users get it: the built package, imported by its name. `pubnub-files` resolves through package.json
// "exports" (a package may import itself by name), so Node picks the same export condition and file a user's Node
// would pick, and the bench needs `npm run build` first (`npm run bench` does it).
// The types come from the sources the package is built from: a plain `import … from 'pubnub-files'` would make
// `npm run typecheck` depend on a dist/ that a fresh clone does not have yet.
import { fileURLToPath } from 'node:url';

type Sdk = typeof import('../../src/index.ts');

const PACKAGE: string = 'pubnub-files';

/** The file `pubnub-files` resolves to, as a path relative to the repository root (e.g. `dist/index.js`). */
export const ourSdkFile = fileURLToPath(import.meta.resolve(PACKAGE)).slice(
  fileURLToPath(new URL('../../', import.meta.url)).length,
);

async function load(): Promise<Sdk> {
  try {
    return (await import(PACKAGE)) as Sdk;
  } catch (error) {
    throw new Error(`cannot import ${PACKAGE} (${ourSdkFile}): run \`npm run build\` first`, { cause: error });
  }
}

export const { CryptoModule, PubNub } = await load();
