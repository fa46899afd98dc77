import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { join } from 'node:path';
import { HELP, UsageError, parseCommandLine, type CommandLine } from './cli-args.ts';
import { FaultSpecError } from './faults.ts';
import { startEmulator, type RunningEmulator } from './index.ts';

/**
 * `pubnub-files-emulator` (and `npm start`): serves until Ctrl+C, or with `exec -- <command…>` runs the command against
 * a fresh emulator and exits with its status. Mistakes in the command line or the environment it runs in (a busy
 * port, an unwritable data dir) end with one line on stderr and status 2.
 */

const NAME = 'pubnub-files-emulator';
/** Usage errors, as most command-line tools report them. */
const EXIT_USAGE = 2;

class StartupError extends Error {}

function fail(message: string, status: number): never {
  process.stderr.write(`${NAME}: ${message}\n`);
  process.exit(status);
}

async function main(): Promise<void> {
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message, EXIT_USAGE);
    throw error;
  }
  if (commandLine.kind === 'help') {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (commandLine.dataDir !== undefined) await checkDataDir(commandLine.dataDir);
  const emulator = await startEmulator(commandLine.options).catch((error: unknown) => {
    if (error instanceof FaultSpecError) throw new UsageError(`a fault given at start-up: ${error.message}`);
    throw new StartupError(
      describeStartupError(error, commandLine.options.host ?? '127.0.0.1', commandLine.options.port ?? 0),
    );
  });
  if (commandLine.kind === 'exec') {
    const status = await runCommand(emulator, commandLine.command);
    await emulator.close();
    process.exit(status);
  }
  const stored = commandLine.dataDir === undefined ? 'files in memory' : `files in ${commandLine.dataDir}`;
  process.stdout.write(`PubNub file emulator listening on ${emulator.url} (${stored})
Dashboard: ${emulator.url}/_emulator/

Point this SDK or the official one at it; any key set is accepted${commandLine.options.secretKey === undefined ? '' : ' (signed with your secret key)'}:
  import { PubNub } from 'pubnub-files';   // or the official SDK: import PubNub from 'pubnub';
  new PubNub({ origin: '${emulator.origin}', ssl: false, publishKey: 'demo', subscribeKey: 'demo', userId: 'me' });
${emulator.faults
  .list()
  .map((f) => `Fault armed: ${JSON.stringify(f)}\n`)
  .join('')}Ctrl+C stops it.
`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Creates the data dir and writes into it once, so a path that cannot hold files is reported before listening. */
async function checkDataDir(dataDir: string): Promise<void> {
  try {
    const files = join(dataDir, 'files');
    await mkdir(files, { recursive: true });
    const probe = join(files, `.write-check-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why: Record<string, string> = {
      ENOTDIR: 'part of the path is a file, not a directory',
      EEXIST: 'part of the path is a file, not a directory',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'the file system is read-only',
      ENOSPC: 'no space left on the device',
    };
    throw new StartupError(
      `cannot write the data directory ${dataDir}: ${why[code ?? ''] ?? code ?? String(error)}; choose another with --data, or --in-memory`,
    );
  }
}

function describeStartupError(error: unknown, host: string, port: number): string {
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (code === 'EADDRINUSE')
    return `port ${port} on ${host} is already in use: stop what holds it, or choose another with --port (0 = any free port)`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `cannot listen on ${host}: not an address of this machine; choose another with --host`;
  }
  if (code === 'EACCES' && syscall === 'listen')
    return `not allowed to listen on ${host}:${port} (ports below 1024 need privileges); choose another with --port`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `command` with the emulator's origin and demo keys in its environment. Ctrl+C and termination are passed on to
 * the command, which decides when to end; its status (128 + the signal's number when a signal ended it) is returned.
 */
function runCommand(emulator: RunningEmulator, [program, ...args]: string[]): Promise<number> {
  // An emulator listening on every address is reached through loopback.
  const origin = emulator.url.replace(/^http:\/\/(0\.0\.0\.0|::|\[::\]):/, 'http://127.0.0.1:');
  const env: NodeJS.ProcessEnv = {
    PUBNUB_PUBLISH_KEY: 'demo',
    PUBNUB_SUBSCRIBE_KEY: 'demo',
    PUBNUB_USER_ID: 'pubnub-files-emulator-exec',
    ...process.env,
    PUBNUB_ORIGIN: origin,
  };
  const child = spawn(program ?? '', args, { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return new Promise((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      process.stderr.write(
        `${NAME}: cannot run ${program}: ${error.code === 'ENOENT' ? 'command not found' : error.message}\n`,
      );
      resolve(error.code === 'ENOENT' ? 127 : 126);
    });
    child.once('exit', (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler);
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}

main().catch((error: unknown) => {
  if (error instanceof StartupError || error instanceof UsageError) fail(error.message, EXIT_USAGE);
  fail(error instanceof Error ? error.message : String(error), 1);
});
