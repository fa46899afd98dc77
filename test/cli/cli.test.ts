// The `pubnub-files` bin, built once (global-setup.ts) and spawned as a process against the emulator, with only the
// environment variables a user (or `pubnub-files-emulator exec`) sets.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';

const BIN = new URL('../../dist/cli/pubnub-files.mjs', import.meta.url).pathname;
const SUB_KEY = 'sub-c-cli';
let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ inMemory: true, subscribeHoldMs: 5_000 });
  env = {
    PATH: process.env['PATH'],
    PUBNUB_ORIGIN: emulator.url,
    PUBNUB_PUBLISH_KEY: 'pub-c-cli',
    PUBNUB_SUBSCRIBE_KEY: SUB_KEY,
    PUBNUB_USER_ID: 'cli-user',
  };
  dir = mkdtempSync(join(tmpdir(), 'pubnub-files-cli-'));
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Ran {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function run(
  args: string[],
  options: { input?: Uint8Array | string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: options.env ?? env, cwd: options.cwd ?? dir });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
    child.stdin.end(options.input ?? '');
  });
}

async function ok(args: string[], options?: Parameters<typeof run>[1]): Promise<Ran> {
  const ran = await run(args, options);
  expect(ran.stderr, `pubnub-files ${args.join(' ')}`).toBe('');
  expect(ran.code).toBe(0);
  return ran;
}

const json = (ran: Ran) => JSON.parse(ran.stdout.toString());
const bytes = (size: number, seed = 1) => new Uint8Array(size).map((_, i) => (i * 31 + seed) % 251);

describe('pubnub-files against the emulator', () => {
  it('send → list → url → download (to a file and to stdout) → delete, with --json parsed', async () => {
    const original = bytes(300_000);
    writeFileSync(join(dir, 'grail map.bin'), original);
    const sent = json(await ok(['send', 'grail map.bin', '--channel', 'quest', '--json']));
    expect(Object.keys(sent)).toEqual(['name', 'fileId', 'timestamp']);
    expect(sent.name).toBe('grail map.bin');
    expect(sent.timestamp).toMatch(/^\d{17}$/);

    const page = json(await ok(['list', '--channel', 'quest', '--json']));
    expect(page).toMatchObject({
      next: null,
      count: 1,
      data: [{ id: sent.fileId, name: 'grail map.bin', size: original.length }],
    });
    const listed = await ok(['list', '--channel', 'quest']);
    expect(listed.stdout.toString()).toContain(`${sent.fileId}`);

    const ref = ['--channel', 'quest', '--id', sent.fileId, '--name', sent.name];
    const url = (await ok(['url', ...ref])).stdout.toString().trim();
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(Buffer.from(original))).toBe(true);
    expect(json(await ok(['url', ...ref, '--json']))).toEqual({ url });

    const saved = await ok(['download', ...ref, '--output', 'copy.bin', '--json']);
    expect(json(saved)).toEqual({ path: 'copy.bin', bytes: original.length });
    expect(readFileSync(join(dir, 'copy.bin')).equals(Buffer.from(original))).toBe(true);
    const toStdout = await ok(['download', ...ref, '--output', '-']);
    expect(toStdout.stdout.equals(Buffer.from(original))).toBe(true);

    expect((await ok(['delete', ...ref])).stdout.toString()).toContain('deleted grail map.bin');
    expect(json(await ok(['list', '--channel', 'quest', '--json'])).data).toEqual([]);
  });

  it('send - reads stdin (--name required); --cipher-key encrypts and decrypts; --message and --meta are JSON', async () => {
    const original = bytes(100_000, 5);
    const sent = json(
      await ok(
        [
          'send',
          '-',
          '--channel',
          'secret',
          '--name',
          'n.bin',
          '--cipher-key',
          'enigma',
          '--message',
          '{"note":"ni"}',
          '--meta',
          '{"k":"v"}',
          '--json',
        ],
        {
          input: original,
        },
      ),
    );
    const ref = ['--channel', 'secret', '--id', sent.fileId, '--name', 'n.bin', '--output', '-'];
    expect((await ok(['download', ...ref, '--cipher-key', 'enigma'])).stdout.equals(Buffer.from(original))).toBe(true);
    // From the environment too; without a key the stored bytes are ciphertext.
    expect(
      (await ok(['download', ...ref], { env: { ...env, PUBNUB_CIPHER_KEY: 'enigma' } })).stdout.equals(
        Buffer.from(original),
      ),
    ).toBe(true);
    const raw = (await ok(['download', ...ref])).stdout;
    expect(raw.length).toBeGreaterThan(original.length);
    expect(raw.equals(Buffer.from(original))).toBe(false);

    const noName = await run(['send', '-', '--channel', 'secret'], { input: 'x' });
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(
      /^pubnub-files: --name is required when the file is read from stdin\nusage: pubnub-files send /,
    );
  });

  it('list: one page with its next token, or --all for every page, as JSON or lines', async () => {
    for (let i = 0; i < 5; i++)
      await ok(['send', '-', '--channel', 'many', '--name', `f${i}.txt`], { input: `file ${i}` });
    const first = json(await ok(['list', '--channel', 'many', '--limit', '2', '--json']));
    expect(first.data).toHaveLength(2);
    expect(typeof first.next).toBe('string');
    const second = json(await ok(['list', '--channel', 'many', '--limit', '2', '--next', first.next, '--json']));
    expect(second.data.map((file: { name: string }) => file.name)).not.toContain(first.data[0].name);

    const all = json(await ok(['list', '--channel', 'many', '--limit', '2', '--all', '--json']));
    expect(all.map((file: { name: string }) => file.name).sort()).toEqual([
      'f0.txt',
      'f1.txt',
      'f2.txt',
      'f3.txt',
      'f4.txt',
    ]);
    const lines = (await ok(['list', '--channel', 'many', '--limit', '2', '--all'])).stdout
      .toString()
      .trim()
      .split('\n');
    expect(lines).toHaveLength(5);

    const paged = await run(['list', '--channel', 'many', '--limit', '2']);
    expect(paged.code).toBe(0);
    expect(paged.stderr).toBe(`more files: --next ${first.next} (or --all for every page)\n`);
  });

  it('publish announces an uploaded file; watch prints one JSON line per event and saves files without overwriting', async () => {
    const watchDir = mkdtempSync(join(dir, 'watch-'));
    writeFileSync(join(watchDir, 'a.txt'), 'already here');
    const watcher = spawn(process.execPath, [BIN, 'watch', '--channel', 'live', '--json', '--download', watchDir], {
      env,
      cwd: dir,
    });
    let stdout = '';
    let stderr = '';
    watcher.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const watching = new Promise<void>((resolve) =>
      watcher.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('watching live')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => watcher.on('close', resolve));
    await watching;

    const one = json(
      await ok(['send', '-', '--channel', 'live', '--name', 'a.txt', '--message', '{"n":1}', '--json'], {
        input: 'one',
      }),
    );
    const two = json(await ok(['send', '-', '--channel', 'live', '--name', 'a.txt', '--json'], { input: 'two' }));
    const republished = json(
      await ok([
        'publish',
        '--channel',
        'live',
        '--id',
        one.fileId,
        '--name',
        'a.txt',
        '--message',
        '"again"',
        '--json',
      ]),
    );
    expect(republished.timestamp).toMatch(/^\d{17}$/);
    await expect.poll(() => stdout.trim().split('\n').filter(Boolean).length, { timeout: 20_000 }).toBe(3);

    watcher.kill('SIGTERM');
    expect(await exited).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.map((event) => [event.file.id, event.message])).toEqual([
      [one.fileId, { n: 1 }],
      [two.fileId, undefined],
      [one.fileId, 'again'],
    ]);
    expect(events[0]).toMatchObject({ channel: 'live', publisher: 'cli-user', timetoken: one.timestamp });
    expect(events.map((event) => event.saved)).toEqual([
      join(watchDir, 'a (1).txt'),
      join(watchDir, 'a (2).txt'),
      join(watchDir, 'a (3).txt'),
    ]);
    expect(readFileSync(join(watchDir, 'a.txt'), 'utf8')).toBe('already here');
    expect(readFileSync(join(watchDir, 'a (1).txt'), 'utf8')).toBe('one');
    expect(readFileSync(join(watchDir, 'a (2).txt'), 'utf8')).toBe('two');
    expect(readdirSync(watchDir)).toHaveLength(4);
  });
});

describe('pubnub-files settings, errors and exit status', () => {
  it('a flag wins over the environment; PUBNUB_ORIGIN may be a host:port (https) or http://host:port', async () => {
    await ok(['send', '-', '--channel', 'prec', '--name', 'p.txt'], { input: 'p' });
    const wrongKey = { ...env, PUBNUB_SUBSCRIBE_KEY: 'sub-c-other' };
    expect(json(await ok(['list', '--channel', 'prec', '--json'], { env: wrongKey })).data).toEqual([]);
    expect(
      json(await ok(['list', '--channel', 'prec', '--json', '--subscribe-key', SUB_KEY], { env: wrongKey })).data,
    ).toHaveLength(1);
    const viaFlag = await ok(['list', '--channel', 'prec', '--json', '--origin', emulator.url], {
      env: { ...env, PUBNUB_ORIGIN: 'http://127.0.0.1:1' },
    });
    expect(json(viaFlag).data).toHaveLength(1);
    // A bare host:port means https: the emulator speaks http, so the request fails (exit 1), it is not refused as usage.
    const https = await run(['list', '--channel', 'prec'], {
      env: { ...env, PUBNUB_ORIGIN: emulator.url.replace('http://', '') },
    });
    expect(https.code).toBe(1);
    expect(https.stderr).toMatch(/^pubnub-files: PN\w+Category: .+\n$/);
  });

  it('an operation that fails exits 1 with one line: the category and the message, and no secret', async () => {
    const failed = await run([
      'download',
      '--channel',
      'c',
      '--id',
      'no-such-id',
      '--name',
      'x.txt',
      '--auth-key',
      'auth-SECRET-123',
      '--output',
      '-',
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^pubnub-files: PNNotFoundCategory: .+\n$/);
    expect(failed.stderr).not.toContain('auth-SECRET-123');
    expect(failed.stdout.length).toBe(0);

    const missing = await run(['send', 'no-such-file.bin', '--channel', 'c']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('pubnub-files: cannot read no-such-file.bin: ENOENT\n');

    writeFileSync(join(dir, 'exists.txt'), 'keep me');
    await ok(['send', '-', '--channel', 'keep', '--name', 'exists.txt'], { input: 'new' });
    const id = json(await ok(['list', '--channel', 'keep', '--json'])).data[0].id;
    const refused = await run(['download', '--channel', 'keep', '--id', id, '--name', 'exists.txt']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('exists.txt exists: give --force');
    expect(readFileSync(join(dir, 'exists.txt'), 'utf8')).toBe('keep me');
    await ok(['download', '--channel', 'keep', '--id', id, '--name', 'exists.txt', '--force']);
    expect(readFileSync(join(dir, 'exists.txt'), 'utf8')).toBe('new');
  });

  it.each([
    [['list'], 'missing --channel', 'pubnub-files list '],
    [['frobnicate'], 'unknown command "frobnicate"', 'pubnub-files <command>'],
    [['list', '--channel', 'c', '--limit', '0'], '--limit must be a whole number from 1 to 100', 'pubnub-files list '],
    [['list', '--channel', 'c', '--bogus'], "Unknown option '--bogus'", 'pubnub-files list '],
    [
      ['publish', '--channel', 'c', '--id', 'i', '--name', 'n', '--message', '{nope'],
      '--message is not valid JSON',
      'pubnub-files publish ',
    ],
    [['send', 'a', 'b', '--channel', 'c'], 'expected one path, got 2', 'pubnub-files send '],
    [['list', '--channel', 'c', '--secret-kee', 'sec-c-1'], "Unknown option '--secret-kee'", 'pubnub-files list '],
    [
      ['list', '--channel', 'c', 'sec-c-STRAY'],
      'Unexpected argument. This command does not take positional arguments',
      'pubnub-files list ',
    ],
    [
      ['url', '--channel', 'c', '--id', 'i', '--name', 'n', '--origin', 'ftp://x/y'],
      'invalid origin',
      'pubnub-files url ',
    ],
  ])('usage error %j exits 2 with what was wrong and the usage line', async (args, what, usage) => {
    const ran = await run(args);
    expect(ran.code).toBe(2);
    expect(ran.stderr).not.toMatch(/sec-c-/);
    const [first, second] = ran.stderr.split('\n');
    expect(first).toContain(`pubnub-files: ${what}`);
    expect(second).toMatch(new RegExp(`^usage: ${usage.replace(/[<>]/g, '\\$&')}`));
  });

  it('no subscribe key in flags or environment is a usage error that names both, echoing no secret', async () => {
    const { PUBNUB_SUBSCRIBE_KEY: _, ...rest } = env;
    const ran = await run(['list', '--channel', 'c', '--secret-key', 'sec-c-TOPSECRET'], { env: rest });
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('no subscribe key: give --subscribe-key or set PUBNUB_SUBSCRIBE_KEY');
    expect(ran.stderr).not.toContain('TOPSECRET');
  });

  it.each(['send', 'list', 'download', 'delete', 'url', 'publish', 'watch'])(
    '%s --help prints its usage and exits 0',
    async (command) => {
      const ran = await ok([command, '--help'], { env: { PATH: env['PATH'] } });
      expect(ran.stdout.toString()).toMatch(new RegExp(`^Usage: pubnub-files ${command} `));
      expect(ran.stdout.toString()).toContain('PUBNUB_SUBSCRIBE_KEY');
    },
  );

  it('--help lists every command', async () => {
    const text = (await ok(['--help'])).stdout.toString();
    for (const command of ['send', 'list', 'download', 'delete', 'url', 'publish', 'watch'])
      expect(text).toContain(`pubnub-files ${command} `);
  });
});

describe('the progress bar', () => {
  /** Runs the bin under `script`, which gives it a pseudo-terminal: stdout and stderr are a TTY. */
  function inTerminal(args: string[]): Promise<{ code: number | null; output: string }> {
    const quoted = [process.execPath, BIN, ...args].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
    return new Promise((resolve, reject) => {
      const child = spawn('script', ['-qfec', quoted, '/dev/null'], { env: { ...env, COLUMNS: '120' }, cwd: dir });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
      child.stdin.end();
    });
  }

  const percents = (output: string) => [...output.matchAll(/\] +(\d+)%/g)].map((match) => Number(match[1]));

  it('on a terminal, send and download of a 5 MiB file draw it with percent, bytes, rate and time left', async () => {
    writeFileSync(join(dir, 'big.bin'), bytes(5 * 1024 * 1024, 3));
    const sent = await inTerminal(['send', 'big.bin', '--channel', 'bar']);
    expect(sent.code).toBe(0);
    const up = percents(sent.output);
    expect(up.some((percent) => percent > 0 && percent < 100)).toBe(true);
    expect(up.at(-1)).toBe(100);
    expect(sent.output).toMatch(
      /uploading \[[#-]{16}\] +\d+% [\d.]+ (B|KiB|MiB) \/ 5\.0 MiB [\d.]+ (B|KiB|MiB)\/s \d+:\d\d left/,
    );

    const id = json(await ok(['list', '--channel', 'bar', '--json'])).data[0].id;
    const got = await inTerminal([
      'download',
      '--channel',
      'bar',
      '--id',
      id,
      '--name',
      'big.bin',
      '--output',
      'big-copy.bin',
    ]);
    expect(got.code).toBe(0);
    const down = percents(got.output.slice(got.output.indexOf('downloading')));
    expect(down.some((percent) => percent > 0 && percent < 100)).toBe(true);
    expect(down.at(-1)).toBe(100);
    expect(readFileSync(join(dir, 'big-copy.bin')).equals(readFileSync(join(dir, 'big.bin')))).toBe(true);
  });

  it('with --json, or off a terminal, there is no bar', async () => {
    const inTty = await inTerminal(['send', 'big.bin', '--channel', 'bar', '--json']);
    expect(inTty.code).toBe(0);
    expect(percents(inTty.output)).toEqual([]);
    expect(JSON.parse(inTty.output.trim())).toHaveProperty('fileId');
    expect(existsSync(join(dir, 'big.bin'))).toBe(true);
    const piped = await run(['send', 'big.bin', '--channel', 'bar']);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
  });
});
