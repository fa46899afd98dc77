import { startEmulator } from './index.ts';

/** `npm start`: the emulator on 127.0.0.1:8090 (PORT and HOST override), files kept in `.pubnub-emulator/`. */

const port = Number(process.env['PORT'] ?? 8090);
const host = process.env['HOST'] ?? '127.0.0.1';
const emulator = await startEmulator({ port, host, dataDir: process.env['PUBNUB_EMULATOR_DATA'] ?? '.pubnub-emulator' });

process.stdout.write(`PubNub file emulator listening on ${emulator.url}

Point this SDK at it:
  new PubNub({ origin: '${emulator.origin}', ssl: false, publishKey: 'demo', subscribeKey: 'demo', userId: 'me' })
The official SDK (pubnub) takes the same settings:
  new PubNub({ origin: '${emulator.origin}', ssl: false, publishKey: 'demo', subscribeKey: 'demo', userId: 'me' })
Any key set is accepted. Ctrl+C stops it.
`);

const stop = (): void => {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
