// Schemathesis (PyPI, pinned in test/foreign/requirements.txt) against the emulator with the spec: every operation,
// schema-valid and schema-invalid requests, and every check on the answers (status codes, content types, headers and
// bodies against the spec). Bounded: a fixed seed, a fixed number of examples per operation, one worker.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { startTestEmulator } from '../support/emulator-harness.ts';
import { OPERATION_IDS } from '../support/spec.ts';
import { ROOT, requireForeignSetup, runReporting } from './support.ts';

const SCHEMATHESIS = `${ROOT}.venv-foreign/bin/schemathesis`;

/**
 * Disabled, each for the reason given (also in docs/foreign-clients.md):
 * - positive_data_acceptance: a schema-valid request still needs what no schema can say — a publish's `{message}`
 *   segment must be a file message's JSON text (or its encryption), and `next` must be a token from a previous page —
 *   so the service answers some of them with a documented 400.
 */
const EXCLUDED_CHECKS = ['positive_data_acceptance'];

let emulator: RunningEmulator;
beforeAll(async () => {
  requireForeignSetup();
  // Held subscribe polls answer quickly, so fuzzing `tt` does not wait out the real service's 280 s.
  emulator = await startTestEmulator({ subscribeHoldMs: 200 });
});
afterAll(() => emulator?.close());

async function schemathesis(baseUrl: string, operations: { include?: string[]; exclude?: string[] }): Promise<string> {
  const args = [
    'run',
    'openapi/pubnub-files.yaml',
    '--url',
    baseUrl,
    '--checks',
    'all',
    '--exclude-checks',
    EXCLUDED_CHECKS.join(','),
    '--max-examples',
    '25',
    '--seed',
    '20261203',
    '--workers',
    '1',
    '--request-timeout',
    '10',
    '--generation-database',
    'none',
    '--no-color',
    ...(operations.include ?? []).flatMap((id) => ['--include-operation-id', id]),
    ...(operations.exclude ?? []).flatMap((id) => ['--exclude-operation-id', id]),
  ];
  const run = runReporting(SCHEMATHESIS, args, {
    SCHEMATHESIS_HOOKS: 'schemathesis_hooks',
    PYTHONPATH: `${ROOT}test/foreign/schemathesis`,
  });
  await run.done;
  return run.output();
}

it('finds nothing wrong with the PubNub-hosted operations', async () => {
  const storage = ['uploadFile', 'downloadFile'];
  const output = await schemathesis(emulator.url, { exclude: storage });
  // Every other operation of the spec was exercised.
  expect(output).toMatch(new RegExp(`Tested: ${OPERATION_IDS.length - storage.length}\\b`));
  // Every answer's body was checked against its schema: text/javascript and XML through the hooks' deserializer.
  expect(output).not.toMatch(/Schema validation skipped/);
});

it('finds nothing wrong with the storage operations (upload form and CDN download)', async () => {
  const output = await schemathesis(`${emulator.url}/storage`, { include: ['uploadFile', 'downloadFile'] });
  expect(output).toMatch(/Tested: 2\b/);
});
