// Where the examples connect: the emulator `npm start` runs, unless PUBNUB_ORIGIN says otherwise
// (`http://host:port` for plain http, a bare host for https) — `pubnub-files-emulator exec` sets it.
export function connection(userId: string) {
  const origin = process.env['PUBNUB_ORIGIN'] ?? 'http://127.0.0.1:8090';
  const plain = origin.startsWith('http://');
  return {
    origin: origin.replace(/^https?:\/\//, ''),
    ssl: !plain,
    publishKey: process.env['PUBNUB_PUBLISH_KEY'] ?? 'demo',
    subscribeKey: process.env['PUBNUB_SUBSCRIBE_KEY'] ?? 'demo',
    userId,
  };
}
