// meta, shouldStore and ttl end to end. Alice shares a photo, a map and a scratch file; Carol, whose client filters
// on `meta.kind == "map"`, hears only the map; Dave, who comes later, reads the stored ones back from history: the
// scratch file was sent with shouldStore: false, so it is not there.
//   npm start                          (in another terminal)
//   npx tsx examples/filter-and-history.ts
import { PubNub } from 'pubnub-files';
import { connection } from './connection.ts';

const channel = `gallery-${crypto.randomUUID()}`;
const alice = new PubNub(connection('alice'));
const carol = new PubNub({ ...connection('carol'), filterExpression: 'meta.kind == "map"' });

const events = carol.fileEvents([channel], { signal: AbortSignal.timeout(30_000) });
await events.connected;

await alice.sendFile({ channel, fileName: 'photo.jpg', file: 'a photo', meta: { kind: 'photo' } });
await alice.sendFile({ channel, fileName: 'scratch.txt', file: 'notes', meta: { kind: 'map' }, shouldStore: false });
await alice.sendFile({ channel, fileName: 'map.png', file: 'a map', meta: { kind: 'map' }, ttl: 24 });

const heard: string[] = [];
for await (const event of events) {
  if (event.error) throw event.error;
  heard.push(event.file.name);
  if (event.file.name === 'map.png') break;
}
console.log(`carol heard: ${heard.join(', ')}`);

const dave = new PubNub(connection('dave'));
const { messages } = await dave.fetchFileMessages({ channel });
console.log(
  `dave reads from history: ${messages.map((m) => `${m.file?.name} (${String(m.meta?.['kind'])})`).join(', ')}`,
);
