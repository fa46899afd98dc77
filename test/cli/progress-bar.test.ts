// The CLI's progress bar as drawn, with the clock injected: what a terminal shows for each figure.
import { describe, expect, it } from 'vitest';
import { formatBytes, progressBar } from '../../src/cli/progress-bar.ts';

function terminal(columns?: number) {
  let written = '';
  let clock = 0;
  const output = { write: (text: string) => (written += text), columns };
  return { output, tick: (ms: number) => (clock += ms), now: () => clock, written: () => written };
}

describe('the progress bar', () => {
  it('shows phase, bar, percent, bytes, rate and time left, redrawn in place', () => {
    const term = terminal(120);
    const bar = progressBar(term.output, term.now);
    bar.onProgress({ phase: 'uploading', loaded: 0, total: 10 * 1024 * 1024 });
    term.tick(2000);
    bar.onProgress({ phase: 'uploading', loaded: 5 * 1024 * 1024, total: 10 * 1024 * 1024 });
    term.tick(2000);
    bar.onProgress({ phase: 'uploading', loaded: 10 * 1024 * 1024, total: 10 * 1024 * 1024 });
    bar.onProgress({ phase: 'publishing', loaded: 0, total: 1 });
    bar.onProgress({ phase: 'publishing', loaded: 1, total: 1 });
    bar.finish();
    expect(term.written().split('\r').slice(1)).toEqual([
      'uploading [----------------]   0% 0 B / 10.0 MiB\u001b[K',
      'uploading [########--------]  50% 5.0 MiB / 10.0 MiB 2.5 MiB/s 0:02 left\u001b[K',
      'uploading [################] 100% 10.0 MiB / 10.0 MiB 2.5 MiB/s done\u001b[K\n',
      'publishing …\u001b[K',
      'publishing done\u001b[K\n',
    ]);
  });

  it('without a total shows the bytes and rate only; a line is cut to the terminal width', () => {
    const term = terminal(30);
    const bar = progressBar(term.output, term.now);
    bar.onProgress({ phase: 'downloading', loaded: 0, total: undefined });
    term.tick(1000);
    bar.onProgress({ phase: 'downloading', loaded: 3 * 1024 * 1024, total: undefined });
    bar.onProgress({ phase: 'downloading', loaded: 300 * 1024 * 1024, total: undefined });
    expect(term.written().split('\r').slice(1)).toEqual([
      'downloading 0 B\u001b[K',
      'downloading 3.0 MiB 3.0 MiB/s\u001b[K',
      'downloading 300.0 MiB 300.0 M\u001b[K', // 29 columns: the last one stays free
    ]);
  });

  it('does not redraw when the figures shown are the same', () => {
    const term = terminal(120);
    const bar = progressBar(term.output, term.now);
    bar.onProgress({ phase: 'decrypting', loaded: 0, total: 5 });
    bar.onProgress({ phase: 'decrypting', loaded: 0, total: 5 });
    expect(term.written()).toBe('\rdecrypting …\u001b[K');
  });

  it('formats bytes in binary units', () => {
    expect([0, 1023, 1024, 1536, 5 * 1024 * 1024, 3 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KiB',
      '1.5 KiB',
      '5.0 MiB',
      '3.0 GiB',
    ]);
  });
});
