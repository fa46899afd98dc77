import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { startPrism } from './prism.ts';

const SPEC = fileURLToPath(new URL('../../openapi/pubnub-files.yaml', import.meta.url));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('starts Prism on a free port of its own and leaves no process behind when stopped', async () => {
  const first = await startPrism(SPEC);
  const second = await startPrism(SPEC);
  try {
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(second.url).not.toBe(first.url);
    const probe = await fetch(`${second.url}/v1/files/sub-c-mock/channels/ch1/files?uuid=user-1`);
    expect(probe.status).toBe(200);
  } finally {
    await first.stop();
    await second.stop();
  }
  expect(isAlive(first.pid)).toBe(false);
  expect(isAlive(second.pid)).toBe(false);
  await expect(fetch(`${second.url}/`)).rejects.toThrow();
  // Two Prism start-ups on a loaded two-core machine can exceed vitest's 5 s default; this is not a timing assertion.
}, 60_000);
