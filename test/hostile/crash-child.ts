// Run by emulator-crash.test.ts as its own process: an emulator on DATA_DIR that kills itself (SIGKILL, as `kill -9`
// would) just before its CRASH_AT-th write to the disk (writeFile, rename or rm) once it is serving. Prints its
// origin on stdout when ready.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const fsPromises = require('node:fs/promises') as Record<string, (...args: unknown[]) => Promise<unknown>>;
const crashAt = Number(process.env['CRASH_AT'] ?? '0');
let armed = false;
let writes = 0;
for (const name of ['writeFile', 'rename', 'rm']) {
  const original = fsPromises[name]!;
  fsPromises[name] = (...args: unknown[]) => {
    if (armed && ++writes === crashAt) process.kill(process.pid, 'SIGKILL');
    return original(...args);
  };
}
// The emulator imports these functions as ESM bindings: make them the counting ones.
syncBuiltinESMExports();

const { startEmulator } = await import('../../src/emulator/index.ts');
const emulator = await startEmulator({ dataDir: process.env['DATA_DIR']!, subscribeHoldMs: 1_000 });
armed = true;
process.stdout.write(`${emulator.origin}\n`);
