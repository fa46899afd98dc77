import { defineConfig } from 'vitest/config';

// One project per folder of test/, which mirrors the source layers (CONTRIBUTING.md, "The layout").
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'lowlevel', include: ['test/lowlevel/**/*.test.ts'] } },
      { extends: true, test: { name: 'highlevel', include: ['test/highlevel/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          globalSetup: ['test/contract/global-setup.ts'],
        },
      },
      // The emulator's own parts and its HTTP surface, driven by raw requests.
      { extends: true, test: { name: 'emulator', include: ['test/emulator/**/*.test.ts'] } },
      // This SDK and the official SDK (pubnub@12.0.3) against the emulator and each other, and the demo.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
      // The repository's own tools: generator, import-cycle check, bundle-size check, benchmark smoke run (which
      // needs the built package: the setup runs the build).
      {
        extends: true,
        test: {
          name: 'tooling',
          include: ['test/tooling/**/*.test.ts'],
          globalSetup: ['test/tooling/global-setup.ts'],
        },
      },
      // The `pubnub-files` bin, built once by the setup and spawned per test.
      {
        extends: true,
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          globalSetup: ['test/cli/global-setup.ts'],
          testTimeout: 60_000,
        },
      },
      // Bad inputs and faults (README, "Hostile input"): each case a typed error or a clean success, never a crash.
      { extends: true, test: { name: 'hostile', include: ['test/hostile/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
        },
      },
    ],
  },
});
