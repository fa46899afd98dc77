import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { emulatorClient, patternBytes } from '../support/emulator-harness.ts';

let dataDir: string | undefined;
afterEach(async () => {
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

it('npm start runs the emulator, prints how to point SDKs at it, keeps files in its data dir, and stops on SIGTERM', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pubnub-emulator-cli-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PUBNUB_EMULATOR_DATA: dataDir },
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
  expect(output).toContain(`listening on http://${origin}`);
  expect(output).toContain("import PubNub from 'pubnub'");

  const client = emulatorClient({ origin, url: `http://${origin}`, close: async () => {} });
  await client.storeFile('cli', 'kept.txt', patternBytes(5));
  expect(await readdir(join(dataDir, 'files'))).toHaveLength(2);

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
