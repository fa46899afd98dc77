import { parseArgs } from 'node:util';
import type { FaultSpec } from './faults.ts';
import type { EmulatorOptions } from './options.ts';

/**
 * The `pubnub-files-emulator` command line: flags, the same settings from the environment (flags win), and the
 * `exec -- <command…>` form. Every mistake is a UsageError whose message is one line, for the CLI to print as it is.
 */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type CommandLine =
  | { kind: 'help' }
  | { kind: 'serve'; options: EmulatorOptions; dataDir: string | undefined }
  | { kind: 'exec'; options: EmulatorOptions; dataDir: string | undefined; command: string[] };

export const DEFAULT_PORT = 8090;
export const DEFAULT_DATA_DIR = '.pubnub-emulator';

export const HELP = `Usage: pubnub-files-emulator [options]
       pubnub-files-emulator [options] exec -- <command> [args…]

A local PubNub-compatible file service, with a dashboard at http://HOST:PORT/_emulator/.

exec starts the emulator on a free port, in memory (unless --data is given), runs <command> with
PUBNUB_ORIGIN=http://127.0.0.1:PORT and demo keys (PUBNUB_PUBLISH_KEY, PUBNUB_SUBSCRIBE_KEY, PUBNUB_USER_ID, each
unless already set) in its environment, stops the emulator when it ends and exits with its status.

Options (environment variable in brackets; a flag wins over its variable):
  --port N               port to listen on, 0 = any free one (default ${DEFAULT_PORT}) [PUBNUB_EMULATOR_PORT or PORT]
  --host HOST            address to listen on (default 127.0.0.1) [PUBNUB_EMULATOR_HOST or HOST]
  --data DIR             keep files in DIR across restarts (default ${DEFAULT_DATA_DIR}) [PUBNUB_EMULATOR_DATA]
  --in-memory            keep files in memory only [PUBNUB_EMULATOR_IN_MEMORY=1]
  --secret-key KEY       require v2 request signatures made with KEY [PUBNUB_EMULATOR_SECRET_KEY]
  --publish-key KEY      the publish key the signatures cover; needed with --secret-key [PUBNUB_EMULATOR_PUBLISH_KEY]
  --upload-url-ttl T     how long an upload form stays valid (default 60s) [PUBNUB_EMULATOR_UPLOAD_URL_TTL]
  --file-ttl T           how long uploaded files live (default 1d) [PUBNUB_EMULATOR_FILE_TTL]
  --fault JSON           arm a fault at start-up, e.g. '{"operation":"publishFileMessage","status":500,"times":5}';
                         repeatable [PUBNUB_EMULATOR_FAULTS: one fault or a JSON array of them]
  -h, --help             show this help

Durations T are seconds, or a number with a unit: 90s, 5m, 2h, 1d.`;

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  'in-memory': { type: 'boolean' },
  'secret-key': { type: 'string' },
  'publish-key': { type: 'string' },
  'upload-url-ttl': { type: 'string' },
  'file-ttl': { type: 'string' },
  fault: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

type Env = Readonly<Record<string, string | undefined>>;

export function parseCommandLine(argv: readonly string[], env: Env): CommandLine {
  // Everything after the first `--` is the command of `exec`, never read as flags.
  const separator = argv.indexOf('--');
  const own = separator === -1 ? [...argv] : argv.slice(0, separator);
  const command = separator === -1 ? [] : argv.slice(separator + 1);

  let parsed;
  try {
    parsed = parseArgs({ args: own, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };

  const [subcommand, ...extra] = positionals;
  if (subcommand !== undefined && subcommand !== 'exec')
    throw new UsageError(`unknown command '${subcommand}' (the only one is exec)`);
  if (extra.length > 0)
    throw new UsageError(`unexpected argument '${extra[0]}': put the command to run after --, as in exec -- npm test`);
  const isExec = subcommand === 'exec';
  if (isExec && command.length === 0) throw new UsageError('exec needs a command after --, as in exec -- npm test');
  if (!isExec && separator !== -1)
    throw new UsageError('a command after -- is only run by exec, as in exec -- npm test');

  const setting = (flag: keyof typeof FLAGS, ...names: string[]): { value: string; from: string } | undefined => {
    const value = values[flag];
    if (typeof value === 'string') return { value, from: `--${flag}` };
    for (const name of names) {
      const fromEnv = env[name];
      if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, from: name };
    }
    return undefined;
  };

  const port = setting('port', 'PUBNUB_EMULATOR_PORT', 'PORT');
  const host = setting('host', 'PUBNUB_EMULATOR_HOST', 'HOST');
  const data = setting('data', 'PUBNUB_EMULATOR_DATA');
  const secretKey = setting('secret-key', 'PUBNUB_EMULATOR_SECRET_KEY');
  const publishKey = setting('publish-key', 'PUBNUB_EMULATOR_PUBLISH_KEY');
  const uploadUrlTtl = setting('upload-url-ttl', 'PUBNUB_EMULATOR_UPLOAD_URL_TTL');
  const fileTtl = setting('file-ttl', 'PUBNUB_EMULATOR_FILE_TTL');
  const inMemory = values['in-memory'] === true || flagFromEnv(env, 'PUBNUB_EMULATOR_IN_MEMORY');

  if (inMemory && data !== undefined)
    throw new UsageError(`--in-memory and ${data.from} contradict each other: pick one`);
  if (secretKey !== undefined && publishKey === undefined) {
    throw new UsageError(
      `${secretKey.from} needs --publish-key (or PUBNUB_EMULATOR_PUBLISH_KEY): every v2 signature covers it`,
    );
  }

  const options: EmulatorOptions = {
    // exec takes a free port unless --port says otherwise (PORT in the environment may be meant for the command).
    port: isExec
      ? typeof values.port === 'string'
        ? parsePort(port!)
        : 0
      : port === undefined
        ? DEFAULT_PORT
        : parsePort(port),
    ...(host === undefined ? {} : { host: host.value }),
    ...(secretKey === undefined ? {} : { secretKey: secretKey.value }),
    ...(publishKey === undefined ? {} : { publishKey: publishKey.value }),
    ...(uploadUrlTtl === undefined ? {} : { uploadUrlTtlMs: parseDuration(uploadUrlTtl) }),
    ...(fileTtl === undefined ? {} : { fileTtlMs: parseDuration(fileTtl) }),
  };
  // exec is for test runs: a fresh, empty emulator unless a data dir is asked for.
  const dataDir = inMemory || (isExec && data === undefined) ? undefined : (data?.value ?? DEFAULT_DATA_DIR);
  if (dataDir === undefined) options.inMemory = true;
  else options.dataDir = dataDir;

  const faults = [...(values.fault ?? []).map((text) => parseFaultJson(text, '--fault')), ...faultsFromEnv(env)];
  if (faults.length > 0) options.faults = faults;
  return isExec ? { kind: 'exec', options, dataDir, command } : { kind: 'serve', options, dataDir };
}

function parsePort({ value, from }: { value: string; from: string }): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65_535))
    throw new UsageError(`${from} must be a port number from 0 to 65535, not '${value}'`);
  return port;
}

function parseDuration({ value, from }: { value: string; from: string }): number {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(value.trim());
  const ms = match === null ? Number.NaN : Number(match[1]) * (UNIT_MS[match[2] || 's'] ?? Number.NaN);
  if (!(ms >= 1_000 && Number.isSafeInteger(Math.round(ms)))) {
    throw new UsageError(
      `${from} must be a duration of at least 1 second, such as 60, 90s, 5m, 2h or 1d, not '${value}'`,
    );
  }
  return Math.round(ms);
}

function flagFromEnv(env: Env, name: string): boolean {
  const value = env[name];
  if (value === undefined || value === '' || value === '0' || value.toLowerCase() === 'false') return false;
  if (value === '1' || value.toLowerCase() === 'true') return true;
  throw new UsageError(`${name} must be 1 or 0 (true or false), not '${value}'`);
}

/** The JSON text of a fault; what it says is checked when the emulator arms it. */
function parseFaultJson(text: string, from: string): FaultSpec {
  try {
    return JSON.parse(text) as FaultSpec;
  } catch {
    throw new UsageError(
      `${from} takes a fault as JSON, such as '{"operation":"publishFileMessage","status":500,"times":5}'`,
    );
  }
}

/** PUBNUB_EMULATOR_FAULTS: one fault or a JSON array of them. */
function faultsFromEnv(env: Env): FaultSpec[] {
  const text = env['PUBNUB_EMULATOR_FAULTS'];
  if (text === undefined || text.trim() === '') return [];
  const value = parseFaultJson(text, 'PUBNUB_EMULATOR_FAULTS') as unknown;
  return Array.isArray(value) ? (value as FaultSpec[]) : [value as FaultSpec];
}

/** node:util's messages are long and suggest things that do not apply here; the first sentence says it. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined)
    return `unknown option '${option}' (see --help)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
    return /argument missing/.test(message)
      ? `${option} needs a value (see --help)`
      : `${option} takes no value (see --help)`;
  }
  return `${message.split(/\.\s/)[0]} (see --help)`;
}
