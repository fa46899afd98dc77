// `npm run demo`: the whole file-sharing flow, end to end, with encryption. By default against an emulator started in
// this process (no keys, no network); with PUBNUB_PUBLISH_KEY and PUBNUB_SUBSCRIBE_KEY set, against the real service.
// One line per step with its time; exit code 0 only when every check passed.
import { randomBytes } from 'node:crypto';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.ts';
import { CryptoModule, PubNub, type PubNubConfig } from '../src/index.ts';

const env = process.env;
const realService = env['PUBNUB_PUBLISH_KEY'] !== undefined && env['PUBNUB_SUBSCRIBE_KEY'] !== undefined;
/** How long the subscription and the file event may take. */
const WAIT_MS = realService ? 30_000 : 10_000;

class DemoFailure extends Error {}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new DemoFailure(message);
}

let stepNumber = 0;
async function step<T>(title: string, run: () => Promise<T>, detail: (value: T) => string = () => ''): Promise<T> {
  stepNumber += 1;
  const started = performance.now();
  try {
    const value = await run();
    const ms = (performance.now() - started).toFixed(1);
    const extra = detail(value);
    console.log(`✔ ${String(stepNumber).padStart(2)}. ${title}${extra === '' ? '' : ` — ${extra}`} (${ms} ms)`);
    return value;
  } catch (thrown) {
    console.log(`✘ ${String(stepNumber).padStart(2)}. ${title}`);
    throw thrown;
  }
}

/** `promise`, or a DemoFailure saying `what` did not happen within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  promise.catch(() => {}); // when the timeout wins, whatever is pending is ended by the demo's cleanup
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DemoFailure(`${what} within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function firstMatching<T>(events: AsyncIterable<T>, matches: (event: T) => boolean): Promise<T> {
  for await (const event of events) if (matches(event)) return event;
  throw new DemoFailure('the file event stream ended before the event arrived');
}

/** PUBNUB_ORIGIN is a host (https) or a full `http://host:port` URL. */
function originOptions(origin: string | undefined): Pick<PubNubConfig, 'origin' | 'ssl'> {
  if (origin === undefined) return {};
  const plain = /^http:\/\//i.test(origin);
  return { origin: origin.replace(/^https?:\/\//i, '').replace(/\/+$/, ''), ssl: !plain };
}

async function main(): Promise<void> {
  const stop = new AbortController();
  let emulator: RunningEmulator | undefined;
  try {
    const base: Omit<PubNubConfig, 'userId'> = realService
      ? {
          publishKey: env['PUBNUB_PUBLISH_KEY']!,
          subscribeKey: env['PUBNUB_SUBSCRIBE_KEY']!,
          ...(env['PUBNUB_SECRET_KEY'] === undefined ? {} : { secretKey: env['PUBNUB_SECRET_KEY'] }),
          ...originOptions(env['PUBNUB_ORIGIN']),
        }
      : await step(
          'start the emulator in this process (in memory)',
          async () => {
            emulator = await startEmulator({ inMemory: true });
            return { origin: emulator.origin, ssl: false, publishKey: 'demo-pub', subscribeKey: 'demo-sub' };
          },
          (config) => `http://${config.origin}`,
        );
    if (realService) console.log(`Target: the PubNub service at ${base.origin ?? 'ps.pndsn.com'}`);

    const userId = env['PUBNUB_USER_ID'] ?? 'demo-sender';
    const cipherKey = env['PUBNUB_CIPHER_KEY'] ?? 'demo-cipher-key';
    const cryptoModule = CryptoModule.aesCbcCryptoModule({ cipherKey });
    const sender = new PubNub({ ...base, userId, cryptoModule });
    const receiver = new PubNub({ ...base, userId: `${userId}-receiver`, cryptoModule });
    const channel = `demo-files-${randomBytes(4).toString('hex')}`;
    const fileName = 'knights report.txt';
    const plaintext = new Uint8Array(randomBytes(48 * 1024));
    const caption = { text: 'The map to the Holy Grail', sentAt: new Date().toISOString() };

    const events = await step(`subscribe the receiver to ${channel}`, async () => {
      const stream = receiver.fileEvents([channel], { signal: stop.signal });
      await within(stream.connected, WAIT_MS, 'the subscription was not live');
      return stream;
    });

    const sent = await step(
      'send an encrypted file with a message (AES-CBC crypto module)',
      () => sender.sendFile({ channel, fileName, file: plaintext, message: caption }),
      (result) => `id ${result.fileId}, ${plaintext.length} bytes`,
    );

    await step(
      'receive the file event, message decrypted',
      async () => {
        const matching = firstMatching(events, (e) => e.error !== undefined || e.file?.id === sent.fileId);
        const event = await within(matching, WAIT_MS, 'no file event arrived');
        check(event.error === undefined, `the file event could not be read: ${event.error?.message}`);
        check(event.file.name === sent.name, `the event names "${event.file.name}", expected "${sent.name}"`);
        check(
          JSON.stringify(event.message) === JSON.stringify(caption),
          'the decrypted message differs from the one sent',
        );
        return event;
      },
      (event) => `from ${event.publisher}: "${(event.message as typeof caption).text}"`,
    );

    await step(
      "list the channel's files",
      async () => {
        const { data } = await sender.listFiles({ channel });
        const listed = data.find((file) => file.id === sent.fileId);
        check(listed !== undefined, `file ${sent.fileId} is not in the listing`);
        return listed;
      },
      (listed) => `"${listed.name}", ${listed.size} bytes stored`,
    );

    await step(
      'check the stored bytes are ciphertext',
      async () => {
        const { fileUrl } = await sender.getFileUrl({ channel, fileId: sent.fileId, fileName: sent.name });
        const response = await fetch(fileUrl);
        check(response.ok, `GET of the file URL answered HTTP ${response.status}`);
        const stored = new Uint8Array(await response.arrayBuffer());
        check(
          new TextDecoder().decode(stored.subarray(0, 4)) === 'PNED',
          'the stored file does not start with the PNED header',
        );
        check(!sameBytes(stored.subarray(26, 26 + 64), plaintext.subarray(0, 64)), 'the stored file holds plaintext');
        return stored.length;
      },
      (size) => `PNED header, ${size} bytes`,
    );

    const downloaded = await step(
      'download and decrypt',
      () => receiver.downloadFile({ channel, fileId: sent.fileId, fileName: sent.name }),
      (result) => `${result.data.length} bytes`,
    );

    await step(
      'compare byte for byte',
      async () => check(sameBytes(downloaded.data, plaintext), 'the downloaded file differs from the one sent'),
      () => `${plaintext.length} of ${plaintext.length} bytes identical`,
    );

    await step('delete the file', () => sender.deleteFile({ channel, fileId: sent.fileId, fileName: sent.name }));

    await step(
      'list again: the file is gone',
      async () => {
        const { data } = await sender.listFiles({ channel });
        check(!data.some((file) => file.id === sent.fileId), `file ${sent.fileId} is still listed after delete`);
        return data.length;
      },
      (count) => `${count} files left on ${channel}`,
    );
    console.log('All steps passed.');
  } finally {
    stop.abort();
    await emulator?.close();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const started = performance.now();
try {
  await main();
  console.log(`Demo finished in ${(performance.now() - started).toFixed(0)} ms.`);
} catch (thrown) {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  console.error(`Demo FAILED: ${message}`);
  process.exitCode = 1;
}
