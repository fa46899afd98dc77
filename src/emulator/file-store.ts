import type { StorageBackend } from './storage-backends.ts';

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

const TEXT_FIELDS = ['id', 'subKey', 'channel', 'name', 'objectKey', 'contentType', 'md5'] as const;
const NUMBER_FIELDS = ['size', 'createdMs', 'expiresAtMs'] as const;

/**
 * Metadata read back at start-up is checked field by field: a data dir is plain files anyone may have edited, copied
 * or renamed. A record under another id than its file's could be neither downloaded nor deleted.
 */
function parseStoredFile(metadata: unknown, storedAs: string): StoredFile {
  if (typeof metadata !== 'object' || metadata === null) throw new Error('not a JSON object');
  const record = metadata as Record<string, unknown>;
  for (const field of TEXT_FIELDS) if (typeof record[field] !== 'string') throw new Error(`${field} is not a string`);
  for (const field of NUMBER_FIELDS) if (!Number.isFinite(record[field])) throw new Error(`${field} is not a number`);
  if (record['id'] !== storedAs) throw new Error(`id ${JSON.stringify(record['id'])} is not ${storedAs}, the id it is stored under`);
  return record as unknown as StoredFile;
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
    for (const record of await backend.loadMetadata(parseStoredFile)) store.files.set(record.id, record);
    return store;
  }

  reserve(upload: PendingUpload): void {
    this.pending.set(upload.objectKey, upload);
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
   * both, and a download must serve the bytes with the size and ETag of their own version.
   */
  async readObject(objectKey: string, nowMs: number): Promise<{ file: StoredFile; bytes: Uint8Array } | undefined> {
    const id = [...this.files.values()].find((f) => f.objectKey === objectKey)?.id;
    if (id === undefined) return undefined;
    return this.exclusive(id, async () => {
      const file = this.files.get(id);
      if (file === undefined || file.objectKey !== objectKey || file.expiresAtMs <= nowMs) return undefined;
      const bytes = await this.backend.read(id);
      return bytes === undefined ? undefined : { file, bytes };
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
