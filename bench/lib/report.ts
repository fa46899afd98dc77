// One row per measurement: each contender's median, with the smallest and largest sample and the samples behind
// it, the ratios, and the goals of issue 7 judged on them. The table and latest.json are two views of the same rows.
import type { Contender, Samples } from './measure.ts';

export type Unit = 'ms' | 'bytes';

export interface Row {
  /** Stable across runs and modes (the smoke run has the same ids with smaller sizes). */
  id: string;
  section: string;
  label: string;
  unit: Unit;
  values: Partial<Record<Contender, Samples>>;
  /** Set when the row measures a given amount of data, for throughput. */
  bytes?: number;
  /** What the ratio column compares against: the floor where there is one, else the official SDK. */
  baseline: Contender;
  /** ours ÷ official, ours ÷ floor (lower is better for every unit here). */
  ratios: Partial<Record<'official' | 'floor', number>>;
  goals: Goal[];
}

export interface Goal {
  text: string;
  met: boolean;
}

/** What a section measures; `makeRow` derives the baseline, ratios and goals from it. */
export interface RowInput extends Omit<Row, 'baseline' | 'ratios' | 'goals'> {
  /** Upper bound on ours ÷ floor (1.2 for round trips; 1 / 0.8 = 1.25 for crypto, i.e. ≥ 0.8× the floor's speed). */
  floorGoal?: { maxRatio: number; text: string };
  /** An absolute bound on this SDK's median (issue 17's cold import and peak memory goals). */
  limit?: { max: number; text: string };
}

export function makeRow(input: RowInput): Row {
  const ours = input.values.ours?.median;
  if (ours === undefined) throw new Error(`${input.id}: no figure for this SDK`);
  const ratios: Row['ratios'] = {};
  const goals: Goal[] = [];
  const official = input.values.official?.median;
  if (official !== undefined) {
    ratios.official = ours / official;
    goals.push({ text: 'ours ≤ official', met: ratios.official <= 1 });
  }
  const floor = input.values.floor?.median;
  if (floor !== undefined) {
    ratios.floor = ours / floor;
    if (input.floorGoal) goals.push({ text: input.floorGoal.text, met: ratios.floor <= input.floorGoal.maxRatio });
  }
  if (input.limit) goals.push({ text: input.limit.text, met: ours <= input.limit.max });
  const { floorGoal: _, limit: __, ...rest } = input;
  return { ...rest, baseline: floor === undefined ? 'official' : 'floor', ratios, goals };
}

/** A single deterministic figure (bundle size) as samples. */
export function single(value: number): Samples {
  return { median: value, min: value, max: value, samples: [value] };
}

function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

/** Bytes in MiB when `scale` (the median) reaches one MiB, else in KiB, so a median and its bounds share a unit. */
function formatBytes(bytes: number, scale = bytes, withUnit = true): string {
  const [divisor, unit] = scale >= 1024 * 1024 ? [1048576, 'MiB'] : [1024, 'KiB'];
  const figure = (bytes / divisor).toFixed(1);
  return withUnit ? `${figure} ${unit}` : figure;
}

/** `median unit (min–max)`; a single sample (the bundle size) has no spread to show. */
function formatValue(samples: Samples | undefined, unit: Unit): string {
  if (samples === undefined) return '—';
  const { median, min, max } = samples;
  const value = unit === 'bytes' ? formatBytes(median) : `${formatMs(median)} ms`;
  if (samples.samples.length < 2) return value;
  const bound = (figure: number) => (unit === 'bytes' ? formatBytes(figure, median, false) : formatMs(figure));
  return `${value} (${bound(min)}–${bound(max)})`;
}

function formatRatio(row: Row, against: 'official' | 'floor'): string {
  const wall = row.ratios[against];
  if (wall === undefined) return '—';
  const ours = row.values.ours?.cpuMedian;
  const theirs = row.values[against]?.cpuMedian;
  return ours === undefined || theirs === undefined
    ? `${wall.toFixed(2)}×`
    : `${wall.toFixed(2)}× (cpu ${(ours / theirs).toFixed(2)}×)`;
}

/**
 * A Markdown table, so the same text serves the terminal, the README and the report. Each figure is a median with
 * the smallest and largest sample in brackets (times wall-clock; bounds in the median's unit); the ratios
 * give the client's CPU ratio beside the wall-clock one. The goals are judged on wall-clock medians. The CPU
 * medians and spreads themselves are in the JSON.
 */
export function formatTable(rows: readonly Row[]): string {
  const header = ['row', 'ours', 'official', 'floor', 'ours÷official', 'ours÷floor', 'goals'];
  const lines = rows.map((row) => [
    `${row.section}: ${row.label}`,
    formatValue(row.values.ours, row.unit),
    formatValue(row.values.official, row.unit),
    formatValue(row.values.floor, row.unit),
    formatRatio(row, 'official'),
    formatRatio(row, 'floor'),
    row.goals.map((goal) => `${goal.met ? 'met' : 'MISSED'}: ${goal.text}`).join('; '),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n');
}
