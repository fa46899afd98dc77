// A page that sends the chosen file to a channel and lists the channel's files, each with a download link.
// The origin of the emulator (or the service) comes from the page's query: ?origin=http://127.0.0.1:8090
import { PubNub } from 'pubnub-files';

const origin = new URLSearchParams(location.search).get('origin') ?? 'http://127.0.0.1:8090';
const pubnub = new PubNub({
  origin: origin.replace(/^https?:\/\//, ''),
  ssl: origin.startsWith('https://'),
  publishKey: 'demo',
  subscribeKey: 'demo',
  userId: 'browser',
});
const channel = 'browser-example';
const input = document.querySelector('#file');
const button = document.querySelector('#send');
const list = document.querySelector('#files');
const status = document.querySelector('#status');

async function refresh() {
  const page = await pubnub.listFiles({ channel });
  const items = await Promise.all(
    page.data.map(async (file) => {
      const { fileUrl } = await pubnub.getFileUrl({ channel, fileId: file.id, fileName: file.name });
      const item = document.createElement('li');
      const link = Object.assign(document.createElement('a'), { href: fileUrl, textContent: file.name });
      item.append(link, ` (${file.size} bytes)`);
      return item;
    }),
  );
  list.replaceChildren(...items);
}

button.addEventListener('click', async () => {
  const [file] = input.files;
  if (!file) return;
  try {
    const sent = await pubnub.sendFile({ channel, file });
    status.textContent = `sent ${sent.name}`;
    await refresh();
  } catch (error) {
    status.textContent = `${error.status?.category ?? 'error'}: ${error.message}`;
  }
});

button.disabled = false;
await refresh();
document.body.dataset.ready = 'true';
