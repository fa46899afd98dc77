import { createHash } from 'node:crypto';
import { warn, type StorageBackend } from './storage-backends.ts';

/** A stored file as the files API reports it, plus what the storage endpoints need. */
export interface StoredFile {
  id: string;
  subKey: string;
  channel: string;
  name: string;
  /** The S3-style object key, `{sub_key}/{opaque}/{id}/{name}`. */
  objectKey: string;
  contentType: string;
  size: number;
  md5: string;
  createdMs: number;
  expiresAtMs: number;
}

/** An upload URL handed out but not (yet) used: the object key tells the upload endpoint which file it is. */
export interface PendingUpload {
  id: string;
  subKey: string;
  channel: string;
  name: string;
  objectKey: string;
  expiresAtMs: number;
}

/** Upload forms kept at most: a form is about 300 bytes of memory, so this holds it to a few MB. */
export const MAX_PENDING_UPLOADS = 10_000;

const TEXT_FIELDS = ['id', 'subKey', 'channel', 'name', 'objectKey', 'contentType', 'md5'] as const;
const NUMBER_FIELDS = ['size', 'createdMs', 'expiresAtMs'] as const;
/** The range of instants a `Date` can hold: a time outside it cannot be written as `created`. */
const LATEST_DATE_MS = 8.64e15;
/** What Node accepts in a header value (Content-Type is served as one). */
export const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Why a name cannot be part of a stored file's URLs: `.` and `..` are resolved away by every URL parser (even written
 * `%2E`), and an unpaired UTF-16 surrogate has no UTF-8 form to percent-encode.
 */
export function unservable(what: string, value: string): string | undefined {
  if (value === '.' || value === '..') return `Invalid ${what} '${value}': a URL path cannot carry it`;
  if (/\p{Cs}/u.test(value)) return `Invalid ${what}: it holds an unpaired UTF-16 surrogate`;
  return undefined;
}

/**
 * Metadata read back at start-up is checked field by field, for values the emulator can use, not only their types: a
 * data dir is plain files anyone may have edited, copied or renamed, and one bad record must cost that record, not
 * every listing of its channel. A record under another id than its file's could be neither downloaded nor deleted.
 */
function parseStoredFile(metadata: unknown, storedAs: string): StoredFile {
  if (typeof metadata !== 'object' || metadata === null) throw new Error('not a JSON object');
  const record = metadata as Record<string, unknown>;
  for (const field of TEXT_FIELDS) if (typeof record[field] !== 'string') throw new Error(`${field} is not a string`);
  for (const field of NUMBER_FIELDS) {
    const value = record[field];
    if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > LATEST_DATE_MS) {
      throw new Error(`${field} is not a whole number from 0 to ${LATEST_DATE_MS}`);
    }
  }
  const file = record as unknown as StoredFile;
  if (file.id !== storedAs)
    throw new Error(`id ${JSON.stringify(file.id)} is not ${storedAs}, the id it is stored under`);
  if (!/^[0-9a-f]{32}$/.test(file.md5)) throw new Error('md5 is not 32 hex digits');
  if (!HEADER_VALUE.test(file.contentType)) throw new Error('contentType cannot be sent as a header');
  for (const field of ['subKey', 'channel', 'name'] as const) {
    const problem = unservable(field, file[field]);
    if (problem !== undefined) throw new Error(problem);
  }
  if (!file.objectKey.startsWith(`${file.subKey}/`) || !file.objectKey.endsWith(`/${file.id}/${file.name}`)) {
    throw new Error('objectKey is not {subKey}/…/{id}/{name}');
  }
  return file;
}

/**
 * The index of files over a storage backend. Writes to one file id are serialised, so two uploads racing on the same
 * presigned form leave one consistent object, never bytes of one with metadata of the other.
 */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private readonly pending = new Map<string, PendingUpload>();
  private readonly locks = new Map<string, Promise<unknown>>();

  private constructor(private readonly backend: StorageBackend) {}

  static async open(backend: StorageBackend): Promise<FileStore> {
    const store = new FileStore(backend);
    for (const record of await backend.loadMetadata(parseStoredFile)) {
      store.files.set(record.id, record);
      // Kept, so it can still be listed and deleted; its downloads answer an error (see `readObject`).
      const size = await backend.storedSize(record.id);
      if (size !== record.size) {
        warn(
          `file ${record.id} (${record.channel}/${record.name}) is damaged: its record says ${record.size} bytes, ` +
            `storage holds ${size ?? 'none'}; downloads of it answer 500 until it is deleted`,
        );
      }
    }
    return store;
  }

  /**
   * Keeps an upload form's file for its life. Forms that expired unused are dropped here too, and past
   * `MAX_PENDING_UPLOADS` the oldest live one goes, so a flood of form requests cannot grow memory without bound.
   */
  reserve(upload: PendingUpload, nowMs: number): void {
    // Insertion order is the order of expiry (one lifetime for every form): the expired ones are the first.
    for (const [key, pending] of this.pending) {
      if (pending.expiresAtMs > nowMs && this.pending.size < MAX_PENDING_UPLOADS) break;
      this.pending.delete(key);
    }
    this.pending.set(upload.objectKey, upload);
  }

  /** Upload forms handed out and still kept. */
  get pendingUploads(): number {
    return this.pending.size;
  }

  pendingUpload(objectKey: string, nowMs: number): PendingUpload | undefined {
    const upload = this.pending.get(objectKey);
    return upload !== undefined && upload.expiresAtMs > nowMs ? upload : undefined;
  }

  async save(record: StoredFile, bytes: Uint8Array): Promise<void> {
    await this.exclusive(record.id, async () => {
      await this.backend.write(record.id, bytes, record);
      this.files.set(record.id, record);
    });
  }

  /** A channel's live files, oldest first (ties by id), so page tokens stay stable while files are added. */
  list(subKey: string, channel: string, nowMs: number): StoredFile[] {
    return [...this.files.values()]
      .filter((f) => f.subKey === subKey && f.channel === channel && f.expiresAtMs > nowMs)
      .sort((a, b) => a.createdMs - b.createdMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  find(subKey: string, channel: string, id: string, nowMs: number): StoredFile | undefined {
    const file = this.files.get(id);
    return file?.subKey === subKey && file.channel === channel && file.expiresAtMs > nowMs ? file : undefined;
  }

  /** Every live file of every key set and channel, oldest first (the dashboard). */
  all(nowMs: number): StoredFile[] {
    return [...this.files.values()].filter((f) => f.expiresAtMs > nowMs).sort((a, b) => a.createdMs - b.createdMs);
  }

  byId(id: string, nowMs: number): StoredFile | undefined {
    const file = this.files.get(id);
    return file !== undefined && file.expiresAtMs > nowMs ? file : undefined;
  }

  /**
   * A live file's record and bytes, read together under the file's lock: an upload re-using the form may be replacing
   * both, and a download must serve the bytes with the size and ETag of their own version. Bytes whose size or MD5 is
   * not the record's are reported as `damaged`.
   */
  async readObject(
    objectKey: string,
    nowMs: number,
  ): Promise<
    | { file: StoredFile; bytes: Uint8Array; damaged?: undefined }
    | { file: StoredFile; bytes?: undefined; damaged: true }
    | undefined
  > {
    const id = [...this.files.values()].find((f) => f.objectKey === objectKey)?.id;
    if (id === undefined) return undefined;
    return this.exclusive(id, async () => {
      const file = this.files.get(id);
      if (file === undefined || file.objectKey !== objectKey || file.expiresAtMs <= nowMs) return undefined;
      // A bytes file that cannot be read (a directory now, say) is damaged too: the answer is the storage's error.
      const bytes = await this.backend.read(id).catch(() => null);
      if (bytes === undefined) return undefined;
      if (bytes === null) return { file, damaged: true };
      // Bytes changed or cut short behind the emulator's back are never served as if they were the file.
      if (bytes.length !== file.size || createHash('md5').update(bytes).digest('hex') !== file.md5)
        return { file, damaged: true };
      return { file, bytes };
    });
  }

  async remove(id: string): Promise<void> {
    await this.exclusive(id, async () => {
      this.files.delete(id);
      await this.backend.remove(id);
    });
  }

  /** Drops expired files and unused upload URLs, like the bucket's lifecycle rule. */
  async purgeExpired(nowMs: number): Promise<void> {
    for (const [key, upload] of this.pending) if (upload.expiresAtMs <= nowMs) this.pending.delete(key);
    const expired = [...this.files.values()].filter((f) => f.expiresAtMs <= nowMs);
    await Promise.all(expired.map((f) => this.remove(f.id)));
  }

  private exclusive<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const result = previous.then(task, task);
    const settled = result.catch(() => undefined);
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return result;
  }
}
