// The emulator process killed (SIGKILL) at every disk write of an upload, a replacing upload and a delete, then
// restarted on the same data dir. What must hold: the file stored before is intact; an acknowledged change is there;
// an unacknowledged one is there whole or not at all; start-up leaves no temporary or stray file behind.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { emulatorClient, patternBytes } from '../support/emulator-harness.ts';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const V1 = patternBytes(3000, 1);
const V2 = patternBytes(5000, 2);
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

let dataDir: string;
let bystander: { id: string; name: string };
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pubnub-crash-'));
  const first = await startEmulator({ dataDir });
  bystander = await emulatorClient(first).storeFile('room', 'bystander.bin', patternBytes(2000, 9));
  await first.close();
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

/** Starts the crashing emulator; resolves with its origin and a promise of its exit. */
async function crashingEmulator(crashAt: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, CRASH_AT: String(crashAt), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`the crashing emulator exited (${code}) before it was ready`)));
  });
  return { origin, exited, kill: () => child.kill('SIGKILL') };
}

type Step = 'upload v1' | 'upload v2 with the same form' | 'delete';
const SCENARIOS: Record<string, Step[]> = {
  upload: ['upload v1'],
  replace: ['upload v1', 'upload v2 with the same form'],
  delete: ['upload v1', 'delete'],
};
// Disk writes per step: bytes file, metadata temp file, rename (+ the old bytes removed when replacing);
// a delete removes the metadata, then the bytes.
// The third column is what the disk backend's order of steps promises: a change takes effect with the metadata rename
// (upload, replace) or the metadata removal (delete), never before.
const cases: Array<[string, number, 'absent' | 'v1' | 'v2']> = [
  ['upload', 1, 'absent'],
  ['upload', 2, 'absent'],
  ['upload', 3, 'absent'],
  ['upload', 0, 'v1'],
  ['replace', 4, 'v1'],
  ['replace', 5, 'v1'],
  ['replace', 6, 'v1'],
  ['replace', 7, 'v2'],
  ['replace', 0, 'v2'],
  ['delete', 4, 'v1'],
  ['delete', 5, 'absent'],
  ['delete', 0, 'absent'],
];

describe('the emulator killed mid-change', () => {
  it.each(cases)(
    '%s, killed at disk write %i (0: right after the last acknowledgement): %s after restart',
    async (scenario, crashAt, expected) => {
      const crashing = await crashingEmulator(crashAt);
      const api = emulatorClient({ url: `http://${crashing.origin}`, origin: crashing.origin } as RunningEmulator);
      const acknowledged: Step[] = [];
      let form: Awaited<ReturnType<typeof api.generateUploadUrl>>['body'] | undefined;
      try {
        for (const step of SCENARIOS[scenario]!) {
          if (step === 'upload v1') {
            form = (await api.generateUploadUrl('room', 'target.bin')).body;
            expect((await api.upload(form.file_upload_request, V1)).status).toBe(204);
          } else if (step === 'upload v2 with the same form') {
            expect((await api.upload(form!.file_upload_request, V2)).status).toBe(204);
          } else {
            expect((await api.deleteFile('room', form!.data.id, form!.data.name)).status).toBe(200);
          }
          acknowledged.push(step);
        }
      } catch {
        // The process died under the request: what was acknowledged before is what must hold.
      }
      crashing.kill();
      await crashing.exited;
      if (crashAt === 0) expect(acknowledged).toEqual(SCENARIOS[scenario]);
      else expect(acknowledged.length).toBeLessThan(SCENARIOS[scenario]!.length);

      const restarted = await startEmulator({ dataDir });
      try {
        const after = emulatorClient(restarted);
        const listed = (await after.listFiles('room')).body.data;
        const download = async (id: string, name: string) =>
          (await after.download((await after.getFile('room', id, name)).headers.get('location') ?? '')).bytes;
        expect(md5(await download(bystander.id, bystander.name))).toBe(md5(patternBytes(2000, 9)));

        const target = form === undefined ? undefined : listed.find((f) => f.id === form!.data.id);
        const served = target === undefined ? undefined : md5(await download(target.id, target.name));
        const last = acknowledged.at(-1);
        const allowed = new Set<string | undefined>();
        // What was acknowledged last must be there; the step in flight may have taken effect whole, or not at all.
        if (last === undefined) allowed.add(undefined);
        if (last === 'upload v1') allowed.add(md5(V1));
        if (last === 'upload v2 with the same form') allowed.add(md5(V2));
        if (last === 'delete') allowed.add(undefined);
        const inFlight = SCENARIOS[scenario]![acknowledged.length];
        if (inFlight === 'upload v1') allowed.add(md5(V1));
        if (inFlight === 'upload v2 with the same form') allowed.add(md5(V2));
        if (inFlight === 'delete') allowed.add(undefined);
        expect(allowed).toContain(served);
        expect(served).toBe({ absent: undefined, v1: md5(V1), v2: md5(V2) }[expected]);
        if (target !== undefined) expect(target.size).toBe(served === md5(V1) ? V1.length : V2.length);

        // Start-up cleaned up: one metadata file and one bytes file per listed file, nothing else.
        const names = await readdir(join(dataDir, 'files'));
        expect(names.filter((n) => n.endsWith('.json')).length).toBe(listed.length);
        expect(names.filter((n) => n.endsWith('.bin')).length).toBe(listed.length);
        expect(names.length).toBe(2 * listed.length);
      } finally {
        await restarted.close();
      }
    },
    60_000,
  );
});
