import { defineConfig } from 'vitest/config';

// `npm run test:foreign`: clients in other languages against the emulator. Kept out of `npm test` (vitest.config.ts)
// because they need the toolchains scripts/foreign-setup.sh installs.
export default defineConfig({
  test: {
    name: 'foreign',
    include: ['test/foreign/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
