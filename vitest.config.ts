import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'interop', include: ['test/interop/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          globalSetup: ['test/contract/global-setup.ts'],
        },
      },
      { extends: true, test: { name: 'emulator', include: ['test/emulator/**/*.test.ts'] } },
      // The `pubnub-files` bin, built once by the setup and spawned per test.
      { extends: true, test: { name: 'cli', include: ['test/cli/**/*.test.ts'], globalSetup: ['test/cli/global-setup.ts'], testTimeout: 60_000 } },
      // Bad inputs and faults (README, "Hostile input"): each case a typed error or a clean success, never a crash.
      { extends: true, test: { name: 'hostile', include: ['test/hostile/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/browser/global-setup.ts'] },
      },
    ],
  },
});
