// The emulator the benchmark talks to, in its own process (see emulator-process.ts). Prints its origin, then
// serves until its parent closes stdin. From the sources: the emulator is the server every contender talks to, not a
// contender, so its build does not matter to any row.
import { startEmulator } from '../../src/emulator/index.ts';

const emulator = await startEmulator({ inMemory: true });
process.stdout.write(`${JSON.stringify({ origin: emulator.origin, url: emulator.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void emulator.close().then(() => process.exit(0));
});
