// `npm run demo` is the project's main job: run it as a user would (a child process) and hold it to its promises.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runDemo(env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PUBNUB_')));
  return new Promise((resolve, reject) => {
    const child = spawn('node_modules/.bin/tsx', ['scripts/demo.ts'], { env: { ...clean, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let refusing: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (refusing ? refusing.close(resolve) : resolve(undefined)));
  refusing = undefined;
});

describe('npm run demo', () => {
  it('runs the whole encrypted flow against its own emulator and exits 0', async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const steps = stdout.split('\n').filter((line) => line.startsWith('✔'));
    expect(steps.map((line) => line.replace(/^✔\s+\d+\. /, '').replace(/ [—(].*$/, ''))).toEqual([
      'start the emulator in this process',
      'subscribe the receiver to demo-files-' + /demo-files-([0-9a-f]{8})/.exec(stdout)![1],
      'send an encrypted file with a message',
      'receive the file event, message decrypted',
      "list the channel's files",
      'check the stored bytes are ciphertext',
      'download and decrypt',
      'compare byte for byte',
      'delete the file',
      'list again: the file is gone',
    ]);
    for (const line of steps) expect(line).toMatch(/\(\d+\.\d ms\)$/);
    expect(stdout).toMatch(/compare byte for byte — 49152 of 49152 bytes identical/);
    expect(stdout).toMatch(/receive the file event, message decrypted — from demo-sender: "The map to the Holy Grail"/);
    expect(stdout).toContain('All steps passed.');
  }, 60_000);

  it('with PUBNUB_* keys targets that service instead, and fails loudly (exit 1) when it refuses', async () => {
    const requests: string[] = [];
    refusing = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: true, status: 403, service: 'Access Manager', message: 'Forbidden' }));
    });
    await new Promise<void>((resolve) => refusing!.listen(0, '127.0.0.1', resolve));
    const { port } = refusing.address() as AddressInfo;

    const { code, stdout, stderr } = await runDemo({
      PUBNUB_PUBLISH_KEY: 'pub-c-demo-test',
      PUBNUB_SUBSCRIBE_KEY: 'sub-c-demo-test',
      PUBNUB_ORIGIN: `http://127.0.0.1:${port}`,
      PUBNUB_USER_ID: 'tester',
    });
    expect(code).toBe(1);
    expect(stdout).toContain(`Target: the PubNub service at 127.0.0.1:${port}`);
    expect(stdout).not.toContain('start the emulator');
    expect(stdout).not.toContain('All steps passed.');
    expect(stderr).toMatch(/Demo FAILED: .*403.*Forbidden/);
    expect(requests[0]).toMatch(
      /^\/v2\/subscribe\/sub-c-demo-test\/demo-files-[0-9a-f]{8}\/0\?tt=0&uuid=tester-receiver&/,
    );
  }, 60_000);
});
