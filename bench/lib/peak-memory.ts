// Peak memory of one operation, measured in a process of its own: the process-wide peak RSS (getrusage maxRSS)
// then belongs to that operation alone. Used by bench/crypto-memory.ts and by the SDK memory rows.
import { spawnSync } from 'node:child_process';

export interface PeakMemory {
  /** Peak RSS during the operation minus RSS just before it. */
  peakRssGrowth: number;
  /** Same for process.memoryUsage().arrayBuffers (blind to memory WebCrypto hands over as external). */
  peakArrayBuffersGrowth: number;
}

/** Runs `operation` after a full GC and reports how far memory rose above where it started. Needs --expose-gc. */
export async function measurePeak<T>(operation: () => Promise<T>): Promise<PeakMemory & { result: T }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  const before = process.memoryUsage();
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  let sampledRss = before.rss;
  let peakArrayBuffers = before.arrayBuffers;
  const sample = () => {
    const now = process.memoryUsage();
    sampledRss = Math.max(sampledRss, now.rss);
    peakArrayBuffers = Math.max(peakArrayBuffers, now.arrayBuffers);
  };
  const sampler = setInterval(sample, 1);
  const result = await operation();
  sample();
  clearInterval(sampler);
  const maxRssAfter = process.resourceUsage().maxRSS * 1024;
  // When start-up (loading, compiling) peaked higher than the operation, maxRSS did not move and says nothing about
  // it: fall back to the sampled peak, a lower bound.
  const peakRss = maxRssAfter > maxRssBefore ? maxRssAfter : sampledRss;
  return {
    result,
    peakRssGrowth: peakRss - before.rss,
    peakArrayBuffersGrowth: peakArrayBuffers - before.arrayBuffers,
  };
}

/** Runs `script args…` in a fresh Node process (same loader as this one, GC exposed); its stdout is JSON. */
export function runMeasurementChild<T>(script: string, args: readonly string[]): T {
  const execArgv = process.execArgv.includes('--expose-gc') ? process.execArgv : [...process.execArgv, '--expose-gc'];
  const child = spawnSync(process.execPath, [...execArgv, script, ...args], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${script} ${args.join(' ')} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as T;
}
