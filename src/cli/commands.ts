// One function per subcommand, each: read its flags → one SDK call → print the result (text, or one JSON document
// with --json).
import { existsSync, openAsBlob } from 'node:fs';
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { isPubNubError, PubNub, type FileEvent, type FileInfo, type Progress } from '../index.ts';
import { jsonFlag, UsageError, type CommandName, type Parsed } from './args.ts';
import { formatBytes, progressBar } from './progress-bar.ts';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Aborts on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

interface Run {
  pubnub: PubNub;
  values: Parsed['values'];
  positionals: string[];
  json: boolean;
  io: Io;
}

const text = (values: Parsed['values'], flag: string): string => values[flag] as string;
const optionalText = (values: Parsed['values'], flag: string): string | undefined => values[flag] as string | undefined;

function print(io: Io, line: string): void {
  io.stdout.write(`${line}\n`);
}

/** The bar on a terminal's stderr unless --json; otherwise no progress at all. */
function withBar<T>(
  run: Run,
  call: (onProgress: ((progress: Progress) => void) | undefined) => Promise<T>,
): Promise<T> {
  if (run.json || !run.io.stderr.isTTY) return call(undefined);
  const bar = progressBar(run.io.stderr);
  return call(bar.onProgress).finally(bar.finish);
}

async function send(run: Run): Promise<void> {
  const { values, positionals, io } = run;
  const path = positionals[0]!;
  const name = optionalText(values, 'name') ?? (path === '-' ? undefined : basename(path));
  if (name === undefined) throw new UsageError('--name is required when the file is read from stdin', 'send');
  // A path is opened as a Blob: its size is known before reading, so a file too large is refused at once.
  const file = path === '-' ? (io.stdin as AsyncIterable<Uint8Array>) : await openFile(path);
  const message = jsonFlag(values, 'message', 'send');
  const meta = jsonFlag(values, 'meta', 'send') as Record<string, unknown> | undefined;
  const sent = await withBar(run, (onProgress) =>
    run.pubnub.sendFile({
      channel: text(values, 'channel'),
      fileName: name,
      file,
      ...(message === undefined ? {} : { message }),
      ...(meta === undefined ? {} : { meta }),
      ...(onProgress === undefined ? {} : { onProgress }),
      signal: io.signal,
    }),
  );
  if (run.json) print(io, JSON.stringify({ name: sent.name, fileId: sent.fileId, timestamp: sent.timestamp }));
  else print(io, `sent ${sent.name}  id ${sent.fileId}  timetoken ${sent.timestamp}`);
}

async function openFile(path: string): Promise<Blob> {
  // openAsBlob's own error does not say why; stat's code does.
  const info = await stat(path).catch((thrown: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${path}: ${thrown.code ?? thrown.message}`);
  });
  if (!info.isFile()) throw new Error(`cannot read ${path}: not a file`);
  return openAsBlob(path);
}

function fileLine(file: FileInfo): string {
  return `${file.id}  ${formatBytes(file.size).padStart(10)}  ${file.created}  ${file.name}`;
}

async function list(run: Run): Promise<void> {
  const { values, io } = run;
  const channel = text(values, 'channel');
  const limitText = optionalText(values, 'limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 100)) {
    throw new UsageError('--limit must be a whole number from 1 to 100', 'list');
  }
  const paging = limit === undefined ? {} : { limit };
  if (values['all'] === true) {
    if (values['next'] !== undefined)
      throw new UsageError('--all walks every page from the first: leave out --next', 'list');
    const files: FileInfo[] = [];
    for await (const file of run.pubnub.iterateFiles({ channel, ...paging, signal: io.signal })) {
      if (run.json) files.push(file);
      else print(io, fileLine(file));
    }
    if (run.json) print(io, JSON.stringify(files));
    return;
  }
  const next = optionalText(values, 'next');
  const page = await run.pubnub.listFiles({
    channel,
    ...paging,
    ...(next === undefined ? {} : { next }),
    signal: io.signal,
  });
  if (run.json) return print(io, JSON.stringify(page));
  for (const file of page.data) print(io, fileLine(file));
  if (page.next !== null) io.stderr.write(`more files: --next ${page.next} (or --all for every page)\n`);
}

function storedFile(values: Parsed['values']) {
  return { channel: text(values, 'channel'), fileId: text(values, 'id'), fileName: text(values, 'name') };
}

async function download(run: Run): Promise<void> {
  const { values, io } = run;
  const ref = storedFile(values);
  const output = optionalText(values, 'output') ?? basename(ref.fileName);
  // Checked before the transfer, so a refusal costs no download; the write below refuses a file made meanwhile too.
  if (output !== '-' && values['force'] !== true && existsSync(output)) {
    throw new Error(`${output} exists: give --force to overwrite it, or --output another path`);
  }
  const { data } = await withBar(run, (onProgress) =>
    run.pubnub.downloadFile({ ...ref, ...(onProgress === undefined ? {} : { onProgress }), signal: io.signal }),
  );
  if (output === '-') {
    await new Promise<void>((resolve, reject) => io.stdout.write(data, (error) => (error ? reject(error) : resolve())));
    return;
  }
  await writeFile(output, data, { flag: values['force'] === true ? 'w' : 'wx' });
  if (run.json) print(io, JSON.stringify({ path: output, bytes: data.byteLength }));
  else print(io, `saved ${output} (${formatBytes(data.byteLength)})`);
}

async function remove(run: Run): Promise<void> {
  const ref = storedFile(run.values);
  await run.pubnub.deleteFile({ ...ref, signal: run.io.signal });
  if (run.json) print(run.io, JSON.stringify({ deleted: true, ...ref }));
  else print(run.io, `deleted ${ref.fileName}  id ${ref.fileId}`);
}

async function url(run: Run): Promise<void> {
  const { fileUrl } = await run.pubnub.getFileUrl(storedFile(run.values));
  print(run.io, run.json ? JSON.stringify({ url: fileUrl }) : fileUrl);
}

async function publish(run: Run): Promise<void> {
  const { values } = run;
  const message = jsonFlag(values, 'message', 'publish');
  const meta = jsonFlag(values, 'meta', 'publish') as Record<string, unknown> | undefined;
  const { timestamp } = await run.pubnub.publishFileMessage({
    ...storedFile(values),
    ...(message === undefined ? {} : { message }),
    ...(meta === undefined ? {} : { meta }),
    signal: run.io.signal,
  });
  print(run.io, run.json ? JSON.stringify({ timestamp }) : `published  timetoken ${timestamp}`);
}

async function watch(run: Run): Promise<void> {
  const { values, io } = run;
  const channel = text(values, 'channel');
  const dir = optionalText(values, 'download');
  if (dir !== undefined) await mkdir(dir, { recursive: true });
  const events = run.pubnub.fileEvents([channel], { signal: io.signal });
  void events.connected.then(
    () => io.stderr.write(`watching ${channel} (Ctrl+C to stop)\n`),
    () => {},
  );
  for await (const event of events) {
    const saved =
      dir === undefined || event.file === undefined
        ? undefined
        : await save(run, dir, event).catch((thrown: unknown) => {
            // One file that could not be saved does not end the watch.
            io.stderr.write(`pubnub-files: could not save ${event.file!.name}: ${describe(thrown)}\n`);
            return undefined;
          });
    if (run.json) print(io, JSON.stringify(eventJson(event, saved)));
    else print(io, eventLine(event, saved));
  }
}

function eventJson(event: FileEvent, saved: string | undefined): Record<string, unknown> {
  const { channel, timetoken, publisher, message, file, userMetadata, customMessageType, error } = event;
  return {
    channel,
    timetoken,
    publisher,
    ...(file === undefined ? {} : { file }),
    ...(message === undefined ? {} : { message }),
    ...(userMetadata === undefined ? {} : { meta: userMetadata }),
    ...(customMessageType === undefined ? {} : { customMessageType }),
    ...(error === undefined ? {} : { error: { category: error.status.category, message: error.message } }),
    ...(saved === undefined ? {} : { saved }),
  };
}

function eventLine(event: FileEvent, saved: string | undefined): string {
  if (event.file === undefined)
    return `${event.timetoken}  ${event.channel}  ${event.publisher ?? '-'}  unreadable: ${event.error.message}`;
  const message = event.message === undefined ? '' : `  ${JSON.stringify(event.message)}`;
  const where = saved === undefined ? '' : `  saved ${saved}`;
  return `${event.timetoken}  ${event.channel}  ${event.publisher ?? '-'}  ${event.file.name}  id ${event.file.id}${message}${where}`;
}

/** Downloads the event's file into `dir` under its name, or `name (1).ext`, … when that exists: never overwriting. */
async function save(run: Run, dir: string, event: FileEvent & { file: object }): Promise<string> {
  const { data } = await run.pubnub.downloadFile({
    channel: event.channel,
    fileId: event.file.id,
    fileName: event.file.name,
    signal: run.io.signal,
  });
  // The name came from whoever published: only its last path segment is used, and never `.` or `..`.
  const name = basename(event.file.name).replace(/^(\.\.?)?$/, '_');
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 0; ; n++) {
    const path = join(dir, n === 0 ? name : `${stem} (${n})${extension}`);
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(data);
      } finally {
        await handle.close();
      }
      return path;
    } catch (thrown) {
      if ((thrown as NodeJS.ErrnoException).code !== 'EEXIST') throw thrown;
    }
  }
}

/** `Category: message` of a PubNubError (its message never holds a configured secret), else the message. */
export function describe(thrown: unknown): string {
  if (isPubNubError(thrown)) return `${thrown.status.category}: ${thrown.message}`;
  return thrown instanceof Error ? thrown.message : String(thrown);
}

export const RUNNERS: Record<CommandName, (run: Run) => Promise<void>> = {
  send,
  list,
  download,
  delete: remove,
  url,
  publish,
  watch,
};

export function runCommand(command: CommandName, pubnub: PubNub, parsed: Parsed, io: Io): Promise<void> {
  return RUNNERS[command]({
    pubnub,
    values: parsed.values,
    positionals: parsed.positionals,
    json: parsed.values['json'] === true,
    io,
  });
}
