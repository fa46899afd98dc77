// Alice shares a file on a channel; Bob, subscribed, hears the file event and downloads the file.
//   npm start                          (in another terminal)
//   npx tsx examples/send-receive.ts
import { PubNub } from 'pubnub-files';
import { connection } from './connection.ts';

const channel = `room-${crypto.randomUUID()}`;
const alice = new PubNub(connection('alice'));
const bob = new PubNub(connection('bob'));

const events = bob.fileEvents([channel], { signal: AbortSignal.timeout(30_000) });
await events.connected;

const sent = await alice.sendFile({ channel, fileName: 'hello.txt', file: 'Hello, Bob!', message: { text: 'hi' } });
console.log(`alice sent ${sent.name} (${sent.fileId})`);

for await (const event of events) {
  if (event.error) throw event.error;
  const { data } = await bob.downloadFile({ channel, fileId: event.file.id, fileName: event.file.name });
  console.log(
    `bob got ${event.file.name} from ${event.publisher}: ${JSON.stringify(event.message)} ${new TextDecoder().decode(data)}`,
  );
  break;
}

await alice.deleteFile({ channel, fileId: sent.fileId, fileName: sent.name });
const { count } = await alice.listFiles({ channel });
console.log(`files left on the channel: ${count}`);
