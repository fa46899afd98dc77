// The command line's grammar: the subcommands, their flags, and the connection settings read from flags or the
// environment (a flag wins). Parsing only: nothing here talks to the network.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { PubNubConfig } from '../index.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Given to every subcommand: where to connect and as whom. */
const CONNECTION = {
  'publish-key': { type: 'string' },
  'subscribe-key': { type: 'string' },
  'user-id': { type: 'string' },
  'secret-key': { type: 'string' },
  'auth-key': { type: 'string' },
  origin: { type: 'string' },
  'cipher-key': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

const STORED_FILE = {
  channel: { type: 'string' },
  id: { type: 'string' },
  name: { type: 'string' },
} as const satisfies Options;
const MESSAGE = { message: { type: 'string' }, meta: { type: 'string' } } as const satisfies Options;

export const COMMANDS = {
  send: {
    usage:
      'pubnub-files send <path | -> --channel C [--name N] [--message JSON] [--meta JSON] [--cipher-key K] [--json]',
    about: 'Uploads a file (`-` reads stdin, then --name is required) and publishes its file message.',
    positional: 'path',
    options: { channel: { type: 'string' }, name: { type: 'string' }, ...MESSAGE },
    required: ['channel'],
  },
  list: {
    usage: 'pubnub-files list --channel C [--limit N] [--next TOKEN] [--all] [--json]',
    about: 'Lists one page of the files on a channel (--all: every page).',
    options: {
      channel: { type: 'string' },
      limit: { type: 'string' },
      next: { type: 'string' },
      all: { type: 'boolean' },
    },
    required: ['channel'],
  },
  download: {
    usage: 'pubnub-files download --channel C --id ID --name N [--output <path | ->] [--force] [--cipher-key K]',
    about:
      'Saves a file (default: --name in the current directory; `-` writes stdout). Refuses to overwrite without --force.',
    options: { ...STORED_FILE, output: { type: 'string', short: 'o' }, force: { type: 'boolean' } },
    required: ['channel', 'id', 'name'],
  },
  delete: {
    usage: 'pubnub-files delete --channel C --id ID --name N',
    about: 'Deletes a stored file.',
    options: STORED_FILE,
    required: ['channel', 'id', 'name'],
  },
  url: {
    usage: 'pubnub-files url --channel C --id ID --name N',
    about: "Prints the file's URL (it redirects to the bytes).",
    options: STORED_FILE,
    required: ['channel', 'id', 'name'],
  },
  publish: {
    usage: 'pubnub-files publish --channel C --id ID --name N [--message JSON] [--meta JSON]',
    about: 'Publishes the file message of an uploaded file (finishes a send whose publish step failed).',
    options: { ...STORED_FILE, ...MESSAGE },
    required: ['channel', 'id', 'name'],
  },
  watch: {
    usage: 'pubnub-files watch --channel C [--json] [--download DIR]',
    about: 'Prints one line per file shared on the channel until Ctrl+C; --download saves each file in DIR.',
    options: { channel: { type: 'string' }, download: { type: 'string' } },
    required: ['channel'],
  },
} as const satisfies Record<
  string,
  { usage: string; about: string; positional?: string; options: Options; required: readonly string[] }
>;

export type CommandName = keyof typeof COMMANDS;

export const ENVIRONMENT = `Connection (a flag wins over the environment variable):
  --subscribe-key K   PUBNUB_SUBSCRIBE_KEY   required
  --publish-key K     PUBNUB_PUBLISH_KEY     needed to send and publish
  --user-id U         PUBNUB_USER_ID         required
  --secret-key K      PUBNUB_SECRET_KEY      signs requests (server-side use only)
  --auth-key K        PUBNUB_AUTH_KEY        access manager token
  --origin O          PUBNUB_ORIGIN          a host (https), or http://host:port
  --cipher-key K      PUBNUB_CIPHER_KEY      encrypts and decrypts files and messages
  --json                                     one JSON document per result on stdout
Exit status: 0 success, 1 the operation failed, 2 usage error.`;

export const OVERVIEW = `pubnub-files: send, list, download and watch files of PubNub File Sharing.

Usage:
${Object.values(COMMANDS)
  .map((command) => `  ${command.usage}`)
  .join('\n')}

Run \`pubnub-files <command> --help\` for one command.

${ENVIRONMENT}`;

export function commandHelp(name: CommandName): string {
  const command = COMMANDS[name];
  return `Usage: ${command.usage}\n\n${command.about}\n\n${ENVIRONMENT}`;
}

/** A mistake in the command line: exit status 2, with the usage line. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: CommandName | undefined,
  ) {
    super(message);
  }
}

export interface Parsed {
  command: CommandName;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

export function parseCommandLine(argv: readonly string[]): Parsed | { help: true; command: undefined } {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help')
    return { help: true, command: undefined };
  if (!Object.hasOwn(COMMANDS, name)) throw new UsageError(`unknown command "${name}"`, undefined);
  const command = name as CommandName;
  const spec = COMMANDS[command];
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...CONNECTION, ...spec.options },
      allowPositionals: 'positional' in spec,
      strict: true,
    });
  } catch (thrown) {
    // parseArgs names the flag in its first line, and quotes a stray argument, which could be a key whose flag was
    // mistyped: that one is not echoed.
    const message = (thrown as Error).message
      .split('\n')[0]!
      .replace(/^Unexpected argument '.*'\./s, 'Unexpected argument.');
    throw new UsageError(message, command);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values['help'] === true) return { command, values, positionals: parsed.positionals, help: true };
  if ('positional' in spec && parsed.positionals.length !== 1) {
    throw new UsageError(`expected one ${spec.positional}, got ${parsed.positionals.length}`, command);
  }
  for (const flag of spec.required) {
    if (typeof values[flag] !== 'string' || values[flag] === '') throw new UsageError(`missing --${flag}`, command);
  }
  return { command, values, positionals: parsed.positionals, help: false };
}

/** The SDK's config from the flags, else the environment. */
export function connectionConfig(values: Parsed['values'], env: NodeJS.ProcessEnv, command: CommandName): PubNubConfig {
  const pick = (flag: string, variable: string): string | undefined => {
    const value = values[flag];
    if (typeof value === 'string') return value;
    const fromEnv = env[variable];
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };
  const subscribeKey = pick('subscribe-key', 'PUBNUB_SUBSCRIBE_KEY');
  const userId = pick('user-id', 'PUBNUB_USER_ID');
  if (subscribeKey === undefined)
    throw new UsageError('no subscribe key: give --subscribe-key or set PUBNUB_SUBSCRIBE_KEY', command);
  if (userId === undefined) throw new UsageError('no user id: give --user-id or set PUBNUB_USER_ID', command);
  const config: PubNubConfig = { subscribeKey, userId };
  const optional = {
    publishKey: pick('publish-key', 'PUBNUB_PUBLISH_KEY'),
    secretKey: pick('secret-key', 'PUBNUB_SECRET_KEY'),
    authKey: pick('auth-key', 'PUBNUB_AUTH_KEY'),
    cipherKey: pick('cipher-key', 'PUBNUB_CIPHER_KEY'),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(config, { [key]: value });
  const origin = pick('origin', 'PUBNUB_ORIGIN');
  if (origin !== undefined) Object.assign(config, parseOrigin(origin, command));
  return config;
}

/** `host[:port]` means https; `http://host:port` or `https://host` say their scheme. */
function parseOrigin(origin: string, command: CommandName): { origin: string; ssl: boolean } {
  const match = /^(?:(https?):\/\/)?([^/:?#\s]+(?::\d+)?)\/?$/.exec(origin);
  if (match === null)
    throw new UsageError(
      `invalid origin "${origin}": expected a host such as ps.pndsn.com, or http://host:port`,
      command,
    );
  return { origin: match[2]!, ssl: match[1] !== 'http' };
}

/** A JSON flag's value, or a usage error naming the flag. */
export function jsonFlag(values: Parsed['values'], flag: string, command: CommandName): unknown {
  const text = values[flag];
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--${flag} is not valid JSON`, command);
  }
}
