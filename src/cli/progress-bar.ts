// The terminal's progress bar for send and download, drawn on stderr from the SDK's onProgress figures: phase,
// percent, bytes, rate and time left, redrawn in place whenever the whole percent changes.
import type { Progress } from '../index.ts';

export interface ProgressOutput {
  write(text: string): unknown;
  columns?: number | undefined;
}

const WIDTH = 16;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** A line per phase: `uploading [######----------]  42% 2.1 MiB / 5.0 MiB 1.3 MiB/s 0:02 left`. */
export function progressBar(
  output: ProgressOutput,
  now: () => number = Date.now,
): {
  onProgress: (progress: Progress) => void;
  finish: () => void;
} {
  let phase: string | undefined;
  let started = 0;
  let lastLine = '';
  let drawn = false;

  const draw = ({ phase: current, loaded, total }: Progress): void => {
    if (current !== phase) {
      if (drawn) output.write('\n');
      phase = current;
      started = now();
      lastLine = '';
    }
    // encrypting, decrypting and publishing are single steps: named, not measured.
    const moving = current === 'uploading' || current === 'downloading';
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? loaded / seconds : 0;
    const parts: string[] = [current];
    if (!moving) {
      parts.push(loaded === total ? 'done' : '…');
    } else if (total !== undefined && total > 0) {
      const fraction = Math.min(1, loaded / total);
      const filled = Math.round(fraction * WIDTH);
      parts.push(
        `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`,
      );
      parts.push(`${formatBytes(loaded)} / ${formatBytes(total)}`);
      if (rate > 0)
        parts.push(
          `${formatBytes(rate)}/s`,
          loaded < total ? `${formatDuration((total - loaded) / rate)} left` : 'done',
        );
    } else {
      parts.push(formatBytes(loaded));
      if (rate > 0) parts.push(`${formatBytes(rate)}/s`);
    }
    // Rate and time left change all the time: redraw when the figures shown change, not on every call.
    const key = parts.slice(0, 3).join(' ');
    if (key === lastLine) return;
    lastLine = key;
    const line = parts.join(' ');
    // Cut to the terminal's width, so that `\r` returns to the line's start; a terminal of unknown size (0) is 80 wide.
    output.write(`\r${line.slice(0, (output.columns || 80) - 1)}\u001b[K`);
    drawn = true;
  };

  return {
    onProgress: draw,
    finish: () => {
      if (drawn) output.write('\n');
      drawn = false;
    },
  };
}
