// The emulator dashboard: reads /_emulator/api/state, then stays current over server-sent events (/_emulator/events).
// Every value shown comes from users (file names, channels, messages), so it is only ever set as text, never as HTML.
'use strict';

const ADMIN_HEADERS = { 'X-Emulator-Admin': '1' };
const MAX_REQUESTS = 100;
const MAX_EVENTS = 50;

const $ = (selector) => document.querySelector(selector);

/** An element with attributes and children (strings become text nodes). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else if (name.startsWith('data-')) node.setAttribute(name, value);
    else node[name] = value;
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

function time(iso) {
  return new Date(iso).toLocaleTimeString([], { hour12: false });
}

function timetokenTime(timetoken) {
  return new Date(Number(BigInt(timetoken) / 10000n)).toLocaleTimeString([], { hour12: false });
}

function renderChannels(channels) {
  $('#no-files').hidden = channels.length > 0;
  $('#channels').replaceChildren(
    ...channels.map(({ subKey, channel, files }) =>
      el(
        'div',
        { class: 'channel', 'data-channel': channel },
        el('h3', {}, channel, ' ', el('span', { class: 'key' }, subKey)),
        el(
          'table',
          {},
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', {}, 'Name'),
              el('th', {}, 'Id'),
              el('th', {}, 'Size'),
              el('th', {}, 'Created'),
              el('th', {}),
            ),
          ),
          el('tbody', {}, ...files.map(fileRow)),
        ),
      ),
    ),
  );
}

function fileRow(file) {
  const remove = el('button', { type: 'button', className: 'delete', title: `Delete ${file.name}` }, 'Delete');
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    const response = await fetch(`/_emulator/files/${encodeURIComponent(file.id)}`, {
      method: 'DELETE',
      headers: ADMIN_HEADERS,
    });
    if (!response.ok) remove.disabled = false;
    await refresh();
  });
  return el(
    'tr',
    { 'data-file-id': file.id },
    el(
      'td',
      {},
      el('a', { href: file.url, target: '_blank', rel: 'noopener noreferrer', className: 'download' }, file.name),
    ),
    el('td', { class: 'mono' }, file.id),
    el('td', { class: 'num' }, formatSize(file.size)),
    el('td', { class: 'num' }, time(file.created)),
    el('td', {}, remove),
  );
}

function eventItem(event) {
  const what = event.encrypted ? '(encrypted message)' : event.file.name;
  const message =
    !event.encrypted && 'message' in event ? el('div', { class: 'mono' }, JSON.stringify(event.message)) : '';
  return el(
    'li',
    event.file === undefined ? {} : { 'data-event-file-id': event.file.id },
    el('strong', {}, what),
    ' on ',
    el('span', { class: 'mono' }, event.channel),
    message,
    el('div', { class: 'meta' }, `${timetokenTime(event.timetoken)} · from ${event.publisher} · ${event.timetoken}`),
  );
}

function addEvent(event) {
  $('#no-events').hidden = true;
  const list = $('#event-list');
  list.prepend(eventItem(event));
  while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
}

function requestRow(entry) {
  const statusClass = entry.status >= 200 && entry.status < 400 ? 'status-ok' : 'status-bad';
  return el(
    'tr',
    {},
    el('td', {}, time(entry.time)),
    el('td', {}, entry.method),
    el('td', {}, entry.path),
    el('td', { class: statusClass }, entry.status === 0 ? 'reset' : String(entry.status)),
    el('td', { class: 'num' }, String(entry.durationMs)),
  );
}

function addRequest(entry) {
  const body = $('#request-table tbody');
  body.prepend(requestRow(entry));
  while (body.children.length > MAX_REQUESTS) body.lastElementChild.remove();
}

function renderFaults(faults) {
  $('#no-faults').hidden = faults.length > 0;
  $('#fault-table').hidden = faults.length === 0;
  $('#clear-faults').hidden = faults.length === 0;
  $('#fault-table tbody').replaceChildren(
    ...faults.map((fault) =>
      el(
        'tr',
        { 'data-fault-operation': fault.operation },
        el('td', { class: 'mono' }, fault.operation),
        el('td', {}, fault.status ?? ''),
        el('td', {}, fault.delayMs === undefined ? '' : `${fault.delayMs} ms`),
        el('td', {}, fault.reset ? 'yes' : ''),
        el('td', { class: 'num' }, String(fault.remaining)),
      ),
    ),
  );
}

async function refresh() {
  const response = await fetch('/_emulator/api/state', { cache: 'no-store' });
  if (!response.ok) return;
  const state = await response.json();
  renderChannels(state.channels);
  renderFaults(state.faults);
  return state;
}

/** Many requests in a burst (an upload is three) cost one refresh. */
let refreshTimer;
function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 30);
}

function connect() {
  const events = new EventSource('/_emulator/events');
  events.addEventListener('open', async () => {
    // Read the whole state once the stream is open, so nothing that happens in between is missed.
    const state = await refresh();
    if (state === undefined) return;
    $('#event-list').replaceChildren();
    $('#no-events').hidden = state.events.length > 0;
    for (const event of state.events) addEvent(event);
    $('#request-table tbody').replaceChildren();
    for (const entry of state.requests.slice(-MAX_REQUESTS)) addRequest(entry);
    document.body.dataset.live = 'yes';
    $('#live').textContent = '● live';
  });
  events.addEventListener('error', () => {
    document.body.dataset.live = 'no';
    $('#live').textContent = 'reconnecting…';
  });
  events.addEventListener('request', (e) => {
    const entry = JSON.parse(e.data);
    addRequest(entry);
    if (entry.method !== 'GET') refreshSoon();
  });
  events.addEventListener('file', (e) => {
    addEvent(JSON.parse(e.data));
    refreshSoon();
  });
  events.addEventListener('files', refreshSoon);
  events.addEventListener('faults', (e) => renderFaults(JSON.parse(e.data)));
}

$('#origin').textContent = location.host;
$('#clear-faults').addEventListener('click', async () => {
  await fetch('/_emulator/faults', { method: 'DELETE', headers: ADMIN_HEADERS });
});
connect();
