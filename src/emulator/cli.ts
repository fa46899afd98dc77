import { startEmulator } from './index.ts';

/** `npm start`: the emulator on 127.0.0.1:8090 (PORT and HOST override), files kept in `.pubnub-emulator/`. */

const port = Number(process.env['PORT'] ?? 8090);
const host = process.env['HOST'] ?? '127.0.0.1';
const dataDir = process.env['PUBNUB_EMULATOR_DATA'] ?? '.pubnub-emulator';
const emulator = await startEmulator({ port, host, dataDir });

process.stdout.write(`PubNub file emulator listening on ${emulator.url} (files in ${dataDir})

Point this SDK or the official one at it; any key set is accepted:
  import { PubNub } from 'pubnub-files';   // or the official SDK: import PubNub from 'pubnub';
  new PubNub({ origin: '${emulator.origin}', ssl: false, publishKey: 'demo', subscribeKey: 'demo', userId: 'me' });
Ctrl+C stops it.
`);

const stop = (): void => {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
