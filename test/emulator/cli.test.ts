import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emulatorClient, patternBytes } from '../support/emulator-harness.ts';

/** The `pubnub-files-emulator` command line, run as a process the way users run it. */

const CLI = ['--import', 'tsx', 'src/emulator/cli.ts'];
/** The environment without any of the emulator's own variables, so the machine's settings cannot leak in. */
const CLEAN_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(PUBNUB_|PORT$|HOST$)/.test(name)),
) as NodeJS.ProcessEnv;

let dataDir: string | undefined;
afterEach(async () => {
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  const child = spawn(process.execPath, [...CLI, ...args], {
    env: { ...CLEAN_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Starts the CLI as a server and waits for its banner; `stop` sends SIGTERM and resolves with the exit code. */
async function serveCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [...CLI, ...args], {
    env: { ...CLEAN_ENV, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let output = '';
  const origin = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /origin: '([^']+)', ssl: false/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', () => reject(new Error(`emulator exited early: ${output}`)));
  });
  return {
    origin,
    output,
    client: emulatorClient({ url: `http://${origin}` }),
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** One line on stderr, naming the problem, with no stack trace. */
function expectOneLine(result: Finished, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^pubnub-files-emulator: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

function uploadTtlSeconds(fields: Array<{ key: string; value: string }>, expiration: string): number {
  const date = fields.find((f) => f.key === 'X-Amz-Date')?.value ?? '';
  const signedAt = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  return (Date.parse(expiration) - signedAt) / 1000;
}

describe('serving', { timeout: 60_000 }, () => {
  it('npm start runs the emulator, prints how to point SDKs at it, keeps files in its data dir, and stops on SIGTERM', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pubnub-emulator-cli-'));
    // PORT, HOST and PUBNUB_EMULATOR_DATA: the variables earlier versions read, still honoured.
    const cli = await serveCli([], { PORT: '0', HOST: '127.0.0.1', PUBNUB_EMULATOR_DATA: dataDir });
    expect(cli.output).toContain(`listening on http://${cli.origin}`);
    expect(cli.output).toContain(`Dashboard: http://${cli.origin}/_emulator/`);
    expect(cli.output).toContain("import PubNub from 'pubnub'");
    await cli.client.storeFile('cli', 'kept.txt', patternBytes(5));
    expect(await readdir(join(dataDir, 'files'))).toHaveLength(2);
    expect(await cli.stop()).toBe(0);
  });

  it('takes the upload form lifetime and the file lifetime from flags, in memory', async () => {
    const cli = await serveCli([
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--in-memory',
      '--upload-url-ttl',
      '90s',
      '--file-ttl',
      '3d',
    ]);
    try {
      expect(cli.output).toContain('files in memory');
      const form = (await cli.client.generateUploadUrl('ttl', 'a.txt')).body.file_upload_request;
      expect(uploadTtlSeconds(form.form_fields, form.expiration_date)).toBe(90);
      expect(form.form_fields.find((f) => f.key === 'tagging')?.value).toContain('<Value>3</Value>');
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });

  it('reads the same settings from the environment, and a flag wins over its variable', async () => {
    const cli = await serveCli(['--upload-url-ttl', '2m'], {
      PUBNUB_EMULATOR_PORT: '0',
      PUBNUB_EMULATOR_IN_MEMORY: '1',
      PUBNUB_EMULATOR_UPLOAD_URL_TTL: '30',
      PUBNUB_EMULATOR_SECRET_KEY: 'sec-c-cli-test',
      PUBNUB_EMULATOR_PUBLISH_KEY: 'pub-c-cli-test',
    });
    try {
      // With a secret key an unsigned call is refused by Access Manager.
      const unsigned = await fetch(`http://${cli.origin}/v1/files/demo/channels/ch/files?uuid=u`);
      expect(unsigned.status).toBe(403);
      expect(await unsigned.json()).toMatchObject({ service: 'Access Manager' });
    } finally {
      expect(await cli.stop()).toBe(0);
    }
    const flagWins = await serveCli(['--upload-url-ttl', '2m'], {
      PUBNUB_EMULATOR_PORT: '0',
      PUBNUB_EMULATOR_IN_MEMORY: 'true',
      PUBNUB_EMULATOR_UPLOAD_URL_TTL: '30',
    });
    try {
      const form = (await flagWins.client.generateUploadUrl('ttl', 'a.txt')).body.file_upload_request;
      expect(uploadTtlSeconds(form.form_fields, form.expiration_date)).toBe(120);
    } finally {
      expect(await flagWins.stop()).toBe(0);
    }
  });

  it('arms faults given with --fault and in PUBNUB_EMULATOR_FAULTS before the first call', async () => {
    const cli = await serveCli(['--port', '0', '--in-memory', '--fault', '{"operation":"listFiles","status":500}'], {
      PUBNUB_EMULATOR_FAULTS: '[{"operation":"listFiles","status":402},{"operation":"getFile","reset":true}]',
    });
    try {
      expect(cli.output).toMatch(/Fault armed: .*"operation":"listFiles"/);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await cli.client.listFiles('ch')).status);
      expect(statuses).toEqual([500, 402, 200]);
      const faults = await (await fetch(`http://${cli.origin}/_emulator/faults`)).json();
      expect(faults).toMatchObject({ faults: [{ operation: 'getFile', reset: true, remaining: 1 }] });
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });

  it('--help prints the flags and their variables and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const word of [
      '--port',
      '--host',
      '--data',
      '--in-memory',
      '--secret-key',
      '--publish-key',
      '--upload-url-ttl',
      '--file-ttl',
      'exec --',
    ]) {
      expect(result.stdout).toContain(word);
    }
    expect(result.stdout).toContain('PUBNUB_EMULATOR_SECRET_KEY');
  });
});

describe.concurrent('mistakes end with one line on stderr and status 2', { timeout: 60_000 }, () => {
  it.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['--port'], /--port needs a value/],
    [['--port', '70000'], /--port must be a port number/],
    [['--file-ttl', 'soon'], /--file-ttl must be a duration/],
    [['--in-memory', '--data', 'x'], /contradict/],
    [['--secret-key', 'sec-c-x'], /--secret-key needs --publish-key/],
    [['serve'], /unknown command 'serve'/],
    [['exec'], /exec needs a command after --/],
    [['--', 'ls'], /only run by exec/],
    [['--fault', '{operation'], /--fault takes a fault as JSON/],
    [
      ['--port', '0', '--in-memory', '--fault', '{"operation":"sendFile","status":500}'],
      /a fault given at start-up: unknown operation "sendFile"/,
    ],
  ])('%j', async (args, pattern) => {
    expectOneLine(await runCli(args), pattern);
  });

  it('a bad variable in the environment', async () => {
    expectOneLine(await runCli([], { PUBNUB_EMULATOR_PORT: 'eighty' }), /PUBNUB_EMULATOR_PORT must be a port number/);
  });

  it('a busy port', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      expectOneLine(
        await runCli(['--port', String(port), '--in-memory']),
        new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`),
      );
    } finally {
      holder.close();
    }
  });

  it('a data dir that cannot be written', async () => {
    // Its own temp dir: the tests of this group run concurrently.
    const dir = await mkdtemp(join(tmpdir(), 'pubnub-emulator-cli-'));
    try {
      const file = join(dir, 'a-file');
      await writeFile(file, 'not a directory');
      expectOneLine(
        await runCli(['--port', '0', '--data', join(file, 'data')]),
        /cannot write the data directory .*a-file\/data/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('exec', { timeout: 60_000 }, () => {
  const probe = [
    'const origin = process.env.PUBNUB_ORIGIN;',
    'const keys = [process.env.PUBNUB_PUBLISH_KEY, process.env.PUBNUB_SUBSCRIBE_KEY, process.env.PUBNUB_USER_ID];',
    "const r = await fetch(origin + '/v1/files/' + keys[1] + '/channels/ch/files?uuid=' + keys[2]);",
    'console.log(JSON.stringify({ origin, keys, status: r.status }));',
    'process.exit(Number(process.argv[1]));',
  ].join('\n');

  it('runs the command against a fresh emulator with its origin and demo keys, passes its status through, then stops it', async () => {
    const result = await runCli(['exec', '--', process.execPath, '--input-type=module', '-e', probe, '7']);
    expect(result.code).toBe(7);
    const seen = JSON.parse(result.stdout) as { origin: string; keys: string[]; status: number };
    expect(seen.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(seen.keys).toEqual(['demo', 'demo', 'pubnub-files-emulator-exec']);
    expect(seen.status).toBe(200);
    // Stopped: nothing listens on its port any more.
    await expect(fetch(`${seen.origin}/v1/files/demo/channels/ch/files?uuid=u`)).rejects.toThrow();
  });

  it('keeps keys already set, and exits 0 when the command succeeds', async () => {
    const result = await runCli(['exec', '--', process.execPath, '--input-type=module', '-e', probe, '0'], {
      PUBNUB_PUBLISH_KEY: 'pub-c-mine',
      PUBNUB_SUBSCRIBE_KEY: 'sub-c-mine',
      PUBNUB_USER_ID: 'me',
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ keys: ['pub-c-mine', 'sub-c-mine', 'me'], status: 200 });
  });

  it('exits 128 + the signal number when a signal ends the command, and 127 when there is no such command', async () => {
    expect((await runCli(['exec', '--', 'sh', '-c', 'kill -TERM $$'])).code).toBe(143);
    const missing = await runCli(['exec', '--', 'no-such-command-pubnub-files']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('cannot run no-such-command-pubnub-files: command not found');
  });

  it('passes SIGTERM on to the command and exits with the status the command chose', async () => {
    const script =
      "process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(5); }); setInterval(() => {}, 1000); console.log('ready');";
    const child = spawn(process.execPath, [...CLI, 'exec', '--', process.execPath, '-e', script], {
      env: CLEAN_ENV,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('ready')) resolve();
      }),
    );
    child.kill('SIGTERM');
    expect(await closed).toBe(5);
    expect(stdout).toContain('got SIGTERM');
  });
});
