// Clients generated from the spec in three languages, unpatched, each driven through the whole flow against an
// emulator: upload URL → upload with the form fields → publish with `meta` → list two per page following `next` →
// the 307 → download and compare → delete → a subscribe poll that returns the file event. The generators run here,
// from the spec as it is now (scripts/generate-client-*.sh); the flows are test/foreign/generated/*.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { startTestEmulator } from '../support/emulator-harness.ts';
import { ROOT, requireForeignSetup, runReporting, VENV_PYTHON } from './support.ts';

const GO_ENV = {
  GOPATH: `${ROOT}.cache/go`,
  GOMODCACHE: `${ROOT}.cache/go/mod`,
  GOFLAGS: '-modcacherw',
  GOTOOLCHAIN: 'local',
};

let emulator: RunningEmulator;
beforeAll(async () => {
  requireForeignSetup();
  emulator = await startTestEmulator();
});
afterAll(() => emulator?.close());

function run(command: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** What every flow reports when each step got the answer the spec promises. */
function expectWholeFlow(results: Record<string, any>, channel: string, kind: string, caption: string): void {
  expect(results['upload_status']).toEqual([204, 204, 204]);
  expect(results['publish']).toEqual([1, 'Sent', expect.stringMatching(/^\d{17}$/)]);
  expect(results['page_counts']).toEqual([2, 1]);
  expect(results['listed']).toBe(true);
  expect(results['get_status']).toBe(307);
  expect(results['download_equal']).toBe(true);
  expect(results['delete_status']).toEqual([200, 200, 200]);
  expect(results['after_delete']).toBe(0);
  expect(results['event']).toMatchObject({
    e: 4,
    c: channel,
    u: { kind },
    d: { message: { caption } },
    p: results['publish'][2],
  });
}

async function flow(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
): Promise<Record<string, any>> {
  const program = runReporting(command, args, env, cwd);
  await program.done;
  return JSON.parse(program.output().trim().split('\n').at(-1) ?? '{}');
}

describe.sequential('generated clients', () => {
  it('the spec has an OpenAPI 3.0 variant that openapi-generator validates', () => {
    run('npx', ['tsx', 'scripts/openapi-3.0.ts']);
    const output = run('java', [
      '-jar',
      '.cache/openapi-generator/openapi-generator-cli-7.25.0.jar',
      'validate',
      '-i',
      'build/openapi/pubnub-files.3.0.yaml',
    ]);
    expect(output).toContain('Validating spec');
    expect(output).not.toMatch(/Errors:/);
  });

  it('Python (openapi-python-client) runs the whole flow', async () => {
    run('bash', ['scripts/generate-client-python.sh']);
    const channel = 'generated python ü/+';
    const results = await flow(VENV_PYTHON, ['test/foreign/generated/python_flow.py', emulator.url, channel], {
      PYTHONPATH: `${ROOT}build/clients/python`,
    });
    expectWholeFlow(results, channel, 'py', 'from python');
  });

  it('TypeScript (@hey-api/openapi-ts) compiles and runs the whole flow', async () => {
    run('bash', ['scripts/generate-client-typescript.sh']);
    run('npx', ['tsc', '-p', 'test/foreign/generated/tsconfig.json']);
    const channel = 'generated typescript ü/+';
    const results = await flow('npx', ['tsx', 'test/foreign/generated/typescript_flow.ts', emulator.url, channel]);
    expectWholeFlow(results, channel, 'ts', 'from typescript');
  });

  it('Go (oapi-codegen) compiles and runs the whole flow', async () => {
    run('bash', ['scripts/generate-client-go.sh']);
    const channel = 'generated go ü/+';
    const results = await flow('go', ['run', '.', emulator.url, channel], GO_ENV, `${ROOT}test/foreign/generated/go`);
    expectWholeFlow(results, channel, 'go', 'from go');
  });
});
