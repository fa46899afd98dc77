// How every time row is taken: the contenders run in turn within each repetition, the order rotating from one
// repetition to the next, so drift of a shared, noisy machine (other processes, CPU frequency, the emulator's heap)
// lands on all of them alike. Medians, never means: one GC pause or scheduler hiccup must not move a row; the
// smallest and largest sample go beside each median, so the spread behind it is never hidden.

export type Contender = 'ours' | 'official' | 'floor';

export interface Samples {
  /** Wall-clock milliseconds (or bytes, for size rows): what the goals are judged on. */
  median: number;
  /** The smallest and the largest sample: the spread of the row. */
  min: number;
  max: number;
  samples: number[];
  /**
   * Milliseconds of CPU this process spent (all its threads, so WebCrypto's thread pool too), per run. The client's
   * own work only: it leaves out waiting for the emulator and is far less moved by other load on a shared machine.
   */
  cpuMedian?: number;
  cpuMin?: number;
  cpuMax?: number;
  cpuSamples?: number[];
}

export interface AlternateOptions {
  repetitions: number;
  /** Untimed runs of each contender first (JIT, connection pool, lazy imports, key derivation). */
  warmup?: number;
  /** Untimed clean-up after each run, e.g. deleting the file just sent. Receives the run's result. */
  after?: (contender: Contender, result: unknown) => Promise<void>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median, smallest and largest of the samples, with the samples themselves. */
export function summarize(values: readonly number[]): Samples {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), samples: [...values] };
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** Times each contender `repetitions` times, interleaved; milliseconds. */
export async function alternate(
  contenders: Partial<Record<Contender, () => Promise<unknown>>>,
  options: AlternateOptions,
): Promise<Partial<Record<Contender, Samples>>> {
  const entries = Object.entries(contenders) as Array<[Contender, () => Promise<unknown>]>;
  const samples = new Map<Contender, number[]>(entries.map(([name]) => [name, []]));
  const cpuSamples = new Map<Contender, number[]>(entries.map(([name]) => [name, []]));
  const runOnce = async (name: Contender, run: () => Promise<unknown>, timed: boolean) => {
    // A collection owed by the previous contender's garbage must not be paid inside this one's timing.
    collectGarbage?.();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const result = await run();
    const elapsed = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    if (timed) {
      samples.get(name)!.push(elapsed);
      cpuSamples.get(name)!.push((cpu.user + cpu.system) / 1000);
    }
    await options.after?.(name, result);
  };
  for (let round = 0; round < (options.warmup ?? 1); round++) {
    for (const [name, run] of entries) await runOnce(name, run, false);
  }
  for (let round = 0; round < options.repetitions; round++) {
    for (let i = 0; i < entries.length; i++) {
      const [name, run] = entries[(round + i) % entries.length]!;
      await runOnce(name, run, true);
    }
  }
  return Object.fromEntries(
    [...samples].map(([name, values]) => {
      const cpu = cpuSamples.get(name)!;
      const { median: cpuMedian, min: cpuMin, max: cpuMax } = summarize(cpu);
      return [name, { ...summarize(values), cpuMedian, cpuMin, cpuMax, cpuSamples: cpu }];
    }),
  );
}
