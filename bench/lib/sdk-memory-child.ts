// One SDK operation on a 5 MiB encrypted file, in a process of its own (see peak-memory.ts).
// Usage: sdk-memory-child.ts <ours|official|floor> <send|download> <origin> <size> [fileId fileName]
import { floorClient } from './floor.ts';
import { measurePeak } from './peak-memory.ts';
import { randomPayload } from './plan.ts';
import { officialClient, ourClient } from './sdks.ts';

const CHANNEL = 'bench-memory';
const SETTLE_MS = 1000;
const [sdk, operation, origin, size, fileId, fileName] = process.argv.slice(2);
if (!origin || !size || (operation !== 'send' && operation !== 'download'))
  throw new Error('usage: sdk-memory-child.ts sdk op origin size [id name]');

const client =
  sdk === 'official'
    ? officialClient(origin, true)
    : sdk === 'floor'
      ? { ...floorClient(`http://${origin}`, true), destroy() {} }
      : ourClient(origin, true);
// Warm-up: every module either path loads, the connection pool and the key derivation stay out of the figure.
const warm = await client.sendFile(CHANNEL, 'warm-up.bin', randomPayload(1024));
await client.downloadFile(CHANNEL, warm.id, warm.name);
// V8 compiles the HTTP parser's WebAssembly (undici's llhttp, used by fetch) a second time, optimised, on a background
// thread once the first requests have run: ~22 MiB of compiler memory for ~130 ms, freed again. Without this pause it
// landed inside the measured call (a 300 ms sleep measured there grew peak RSS by 11-22 MiB), and it is a one-off cost
// of the process's first requests, not of the operation. Node run with --liftoff-only shows no such peak at all.
await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

// The file to send is the caller's and already in memory before the call, as in any app.
const input = operation === 'send' ? randomPayload(Number(size)) : undefined;
const measured = await measurePeak<unknown>(() =>
  input ? client.sendFile(CHANNEL, 'memory.bin', input) : client.downloadFile(CHANNEL, fileId!, fileName!),
);
const received = measured.result instanceof Uint8Array ? measured.result.byteLength : Number(size);
if (received !== Number(size)) throw new Error(`downloaded ${received} bytes, expected ${size}`);
client.destroy();
process.stdout.write(
  JSON.stringify({ peakRssGrowth: measured.peakRssGrowth, peakArrayBuffersGrowth: measured.peakArrayBuffersGrowth }),
);
