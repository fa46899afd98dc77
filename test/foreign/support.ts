// Runs programs of other languages (installed by scripts/foreign-setup.sh) and reads what they report.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const VENV_PYTHON = `${ROOT}.venv-foreign/bin/python`;

export function requireForeignSetup(): void {
  if (!existsSync(VENV_PYTHON))
    throw new Error('No .venv-foreign/: run `npm run test:foreign` (it runs scripts/foreign-setup.sh first).');
}

export type Report = Record<string, any> & { step: string };

/**
 * A running program whose stdout is JSON lines. `next()` is the next report; `done` resolves with every report once
 * the program exits 0, and rejects with its stderr otherwise.
 */
export function runReporting(command: string, args: readonly string[], env: Record<string, string> = {}, cwd = ROOT) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const reports: Report[] = [];
  const waiting: Array<(report: Report | undefined) => void> = [];
  let taken = 0;
  let stdout = '';
  let allStdout = '';
  let stderr = '';
  let exited = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    allStdout += chunk;
    let newline: number;
    while ((newline = stdout.indexOf('\n')) !== -1) {
      const line = stdout.slice(0, newline).trim();
      stdout = stdout.slice(newline + 1);
      if (!line.startsWith('{')) continue;
      reports.push(JSON.parse(line) as Report);
      waiting.shift()?.(reports[taken++]);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<Report[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      exited = true;
      for (const waiter of waiting.splice(0)) waiter(undefined);
      if (code === 0) resolve(reports);
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code}:\n${allStdout.slice(-8000)}\n${stderr.slice(-4000)}`,
          ),
        );
    });
  });
  done.catch(() => {});
  return {
    done,
    /** The next report not yet taken; fails when the program exits first. */
    async next(step: string): Promise<Report> {
      const report =
        taken < reports.length
          ? reports[taken++]
          : exited
            ? undefined
            : await new Promise<Report | undefined>((r) => waiting.push(r));
      if (report === undefined) {
        await done;
        throw new Error(`${command} exited without reporting '${step}'`);
      }
      if (report.step !== step) throw new Error(`expected report '${step}', got ${JSON.stringify(report)}`);
      return report;
    },
    /** Everything the program printed on stdout so far. */
    output: () => allStdout,
    kill: () => child.kill(),
  };
}
