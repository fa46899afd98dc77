// Starts the Prism 5.14.2 CLI mocking a spec on a free port (never a fixed one), so parallel runs never collide.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';

export interface RunningPrism {
  /** e.g. `http://127.0.0.1:39489`, read from Prism's own "listening" line. */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const prismCli = createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js');
const LISTENING = /Prism is listening on (http:\/\/\S+)/;
// A guard against a Prism that never comes up, not a performance assertion: it normally starts in about a second.
const STARTUP_LIMIT_MS = 60_000;
// Another process may take the free port between our probe and Prism's bind; then Prism exits and we try again.
const ATTEMPTS = 3;

/**
 * Prism restarts itself when the spec file changes, listening again on the port it was given: so it gets a concrete
 * free port, not `-p 0`, or a restart would move it to another port behind the tests' back.
 */
export async function startPrism(specPath: string): Promise<RunningPrism> {
  let lastError: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      return await spawnPrism(specPath, await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function spawnPrism(specPath: string, port: number): Promise<RunningPrism> {
  // `-m false`: one process, so killing the pid we hold stops the server (multiprocess mode forks a worker).
  const args = [prismCli, 'mock', specPath, '-h', '127.0.0.1', '-p', String(port), '-m', 'false'];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  return new Promise((resolve, reject) => {
    let output = '';
    let started = false;
    const fail = (why: string): void => {
      if (started) return;
      clearTimeout(timer);
      process.off('exit', killOnExit);
      child.kill('SIGKILL');
      reject(new Error(`Prism did not start (${why}). Its output:\n${output}`));
    };
    const timer = setTimeout(() => fail(`no "listening" line within ${STARTUP_LIMIT_MS} ms`), STARTUP_LIMIT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (!match) return;
      started = true;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      child.stderr?.resume();
      resolve({ url: match[1]!, pid: child.pid!, stop: () => stop(child, killOnExit) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code, signal) => fail(`exited with ${code ?? signal}`));
    child.once('error', (error) => fail(error.message));
  });
}

function stop(child: ChildProcess, killOnExit: () => void): Promise<void> {
  process.off('exit', killOnExit);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
