import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph } from '../../scripts/import-cycles.ts';

describe('import cycle detection (npm run check:cycles)', () => {
  it('finds a loop through several files, and a file importing itself', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });

  it('finds none in a tree or a diamond', () => {
    const graph = new Map([
      ['top.ts', ['left.ts', 'right.ts']],
      ['left.ts', ['bottom.ts']],
      ['right.ts', ['bottom.ts']],
      ['bottom.ts', []],
    ]);
    expect(findCycles(graph)).toEqual([]);
  });

  it('reads type-only imports, re-exports and dynamic imports as ties between files', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const graph = importGraph(root, ['src']);
    expect(graph.get('src/index.ts')).toContain('src/highlevel/subscribe/listeners.ts'); // export type { … } from
    expect(graph.get('src/highlevel/subscribe/on-demand.ts')).toContain('src/highlevel/subscribe/machinery.ts'); // import()
    expect(graph.get('src/highlevel/config.ts')).toContain('src/highlevel/crypto/index.ts'); // import type
  });
});
