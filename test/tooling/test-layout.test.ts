// Every test file runs: each `*.test.ts` under test/ lies in the folder of a vitest project (vitest.config.ts for
// `npm test`, vitest.foreign.config.ts for `npm run test:foreign`). A file put in a folder no project includes (say
// the old test/unit/) would otherwise be skipped without a word.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import foreignConfig from '../../vitest.foreign.config.ts';
import config from '../../vitest.config.ts';

const TEST_ROOT = fileURLToPath(new URL('..', import.meta.url));
const FOLDER_GLOB = /^test\/([a-z0-9-]+)\/\*\*\/\*\.test\.ts$/;

function includes(): string[] {
  const projects = (config.test?.projects ?? []) as Array<{ test?: { include?: string[] } }>;
  return [...projects.flatMap((project) => project.test?.include ?? []), ...(foreignConfig.test?.include ?? [])];
}

function testFiles(): string[] {
  return readdirSync(TEST_ROOT, { recursive: true, encoding: 'utf8' })
    .map((path) => path.split('\\').join('/'))
    .filter((path) => path.endsWith('.test.ts'));
}

describe('the test layout', () => {
  it('each project includes one folder of test/ and every such folder exists', () => {
    const folders = includes().map((glob) => FOLDER_GLOB.exec(glob)?.[1]);
    expect(folders).not.toContain(undefined);
    const present = new Set(readdirSync(TEST_ROOT));
    for (const folder of folders) expect(present.has(folder!), `test/${folder}/`).toBe(true);
  });

  it('every *.test.ts under test/ is in the folder of a project', () => {
    const folders = new Set(includes().map((glob) => FOLDER_GLOB.exec(glob)?.[1]));
    const files = testFiles();
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((path) => !folders.has(path.split('/')[0]!))).toEqual([]);
  });
});
