// The emulator runs in a child process, not in the benchmark's own. In-process, its work (parsing a 5 MiB multipart
// upload, serving the download) would run on the same event loop as the client being timed, so every contender
// would be charged the server's time and the ratios would shrink towards 1. In a child it takes the machine's other
// core, like a remote service, and the timings hold only the client's work plus loopback transfer.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface EmulatorProcess {
  origin: string;
  url: string;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./emulator-child.ts', import.meta.url));

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  // process.execArgv carries tsx's loader, so the child runs TypeScript the way this process does.
  const child = spawn(process.execPath, [...process.execArgv.filter((arg) => arg !== '--expose-gc'), CHILD], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`the emulator process exited (code ${code}) before it was ready`)));
  });
  const { origin, url } = JSON.parse(firstLine) as { origin: string; url: string };
  return {
    origin,
    url,
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
