// The budget's measurement (scripts/bundle-size.ts): what an app fetches up front when its bundler splits code the
// way Vite/Rolldown and webpack do. Code only a dynamic import reaches is left out; what that lazy code imports from
// the up-front modules stays in, since the entry chunk must export it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleSize } from '../../scripts/bundle-size.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** shared.js: `used` (the app's) and `forLazy`; lazy.js, imported on demand, may import `forLazy` and helper.js. */
function project(lazyImportsShared: boolean): string {
  dir = mkdtempSync(join(tmpdir(), 'bundle-size-'));
  const long = (tag: string) => `'${tag}:${'x'.repeat(400)}'`;
  writeFileSync(
    join(dir, 'shared.js'),
    `export const used = () => ${long('used')};\nexport const forLazy = () => ${long('forLazy')};\n`,
  );
  writeFileSync(join(dir, 'helper.js'), `export const help = () => ${long('help')};\n`);
  writeFileSync(
    join(dir, 'lazy.js'),
    `${lazyImportsShared ? "import { forLazy as f } from './shared.js';\n" : ''}import { help } from './helper.js';\n` +
      `export const run = () => [help()${lazyImportsShared ? ', f()' : ''}];\n`,
  );
  return dir;
}

const APP =
  "import { used } from './shared.js';\nexport const a = used;\nexport const b = () => import('./lazy.js');\n";

function sharedBytes(result: Awaited<ReturnType<typeof bundleSize>>): number {
  const [output] = Object.values(result.metafile.outputs);
  const entry = Object.entries(output?.inputs ?? {}).find(([path]) => path.endsWith('shared.js'));
  return entry?.[1].bytesInOutput ?? 0;
}

describe('bundleSize', () => {
  it('leaves out the modules only a dynamic import reaches, and lists them as loaded on first use', async () => {
    const root = project(false);
    const result = await bundleSize({ contents: APP, resolveDir: root });
    const inputs = Object.keys(Object.values(result.metafile.outputs)[0]?.inputs ?? {});
    expect(inputs.some((path) => path.endsWith('lazy.js') || path.endsWith('helper.js'))).toBe(false);
    expect(result.lazy.map((chunk) => chunk.path).sort()).toEqual([join(root, 'helper.js'), join(root, 'lazy.js')]);
    expect(result.lazy.every((chunk) => chunk.gzippedBytes > 0)).toBe(true);
  });

  it('keeps up front what the lazy code imports from the up-front modules', async () => {
    const without = sharedBytes(await bundleSize({ contents: APP, resolveDir: project(false) }));
    const withLazyImport = sharedBytes(await bundleSize({ contents: APP, resolveDir: project(true) }));
    // `forLazy` (over 400 bytes) is tree-shaken away unless the lazy module needs it.
    expect(withLazyImport - without).toBeGreaterThan(400);
  });

  it('refuses what it cannot measure rightly: a dynamic import of a module already loaded up front', async () => {
    const root = project(false);
    const app = `${APP}export const c = () => import('./shared.js').then((shared) => shared.forLazy());\n`;
    await expect(bundleSize({ contents: app, resolveDir: root })).rejects.toThrow(
      /shared\.js is imported dynamically and loaded up front/,
    );
  });
});
