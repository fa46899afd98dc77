import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

/** Where file bytes and their metadata live. Keys are emulator-generated UUIDs, never anything a client named. */
export interface StorageBackend {
  /** Stores (or replaces) an object: `metadata` is a JSON value, handed back as it was by `loadMetadata`. */
  write(id: string, bytes: Uint8Array, metadata: unknown): Promise<void>;
  read(id: string): Promise<Uint8Array | undefined>;
  /** The size of the stored bytes, without reading them; undefined when there are none. */
  storedSize(id: string): Promise<number | undefined>;
  remove(id: string): Promise<void>;
  /**
   * Every stored object's metadata through `parse`, with the id it is stored under, for rebuilding the index at
   * start-up. An entry that cannot be read
   * or that `parse` refuses (throws) is skipped with a warning on stderr naming it; the disk backend moves its file
   * aside as `{name}.corrupt` (or, failing that, leaves it where it is), bytes kept, for the user to inspect or delete.
   * Nothing found in storage stops start-up.
   */
  loadMetadata<T>(parse: (metadata: unknown, id: string) => T): Promise<T[]>;
}

export function memoryBackend(): StorageBackend {
  const objects = new Map<string, { bytes: Uint8Array; metadata: string }>();
  return {
    async write(id, bytes, metadata) {
      objects.set(id, { bytes, metadata: JSON.stringify(metadata) });
    },
    async read(id) {
      return objects.get(id)?.bytes;
    },
    async storedSize(id) {
      return objects.get(id)?.bytes.length;
    },
    async remove(id) {
      objects.delete(id);
    },
    async loadMetadata(parse) {
      return [...objects].map(([id, o]) => parse(JSON.parse(o.metadata), id));
    },
  };
}

/**
 * The file-system calls the disk backend makes, so a test can stop it between any two of them as a process crash
 * would.
 */
export interface DiskOps {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  readdir(path: string, options: { withFileTypes: true }): Promise<DirectoryEntry[]>;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
}

/** What `readdir` tells of an entry: its name, and whether it is a regular file (not a directory, not a symlink). */
export interface DirectoryEntry {
  name: string;
  isFile(): boolean;
}

const nodeDisk: DiskOps = { mkdir, readdir, readFile, writeFile, rename, rm };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ID = new RegExp(`^${UUID}$`);
/** `{id}.{unique}.bin`; `{id}.bin` is how versions before the unique names stored an object's bytes. */
const BYTES_FILE = new RegExp(`^(${UUID})(\\.${UUID})?\\.bin$`);
const CORRUPT = '.corrupt';

/** `{id}.json` on disk: the metadata and the name of the bytes file it describes. */
interface Entry {
  bytes: string;
  metadata: unknown;
}

/**
 * `{dir}/{id}.json` points at `{dir}/{id}.{unique}.bin`, so every change takes effect in one atomic step on the
 * metadata file and a process crash at any step leaves the old object or the new one, never the bytes of one with the
 * size and MD5 of the other:
 * - store or replace: the bytes go to a new unique name, the metadata to a temporary file renamed over `{id}.json`,
 *   and only then are the old bytes deleted;
 * - remove: the metadata goes first, then the bytes.
 * What a crash can leave behind — temporary files, bytes no metadata points at — is deleted at start-up.
 * Nothing is fsynced (a development tool, and uploads stay fast): the order of the steps holds against the emulator's
 * process dying, not against a power loss or an OS crash, after which the newest uploads may be lost or their bytes
 * incomplete.
 */
export async function diskBackend(dataDir: string, disk: DiskOps = nodeDisk): Promise<StorageBackend> {
  const dir = join(dataDir, 'files');
  await disk.mkdir(dir, { recursive: true });
  /** The bytes file each stored id's metadata points at. */
  const bytesFiles = new Map<string, string>();
  const metadataPath = (id: string): string => {
    if (!ID.test(id)) throw new Error(`not an emulator file id: ${id}`);
    return join(dir, `${id}.json`);
  };
  // The change took effect with the metadata; bytes that fail to go now are deleted at the next start-up.
  const removeLeftOver = (path: string): Promise<void> => disk.rm(path, { force: true }).catch(() => undefined);
  return {
    async write(id, bytes, metadata) {
      const target = metadataPath(id);
      const previous = bytesFiles.get(id);
      const entry: Entry = { bytes: `${id}.${randomUUID()}.bin`, metadata };
      await disk.writeFile(join(dir, entry.bytes), bytes);
      const temporary = `${target}.${randomUUID()}.tmp`;
      await disk.writeFile(temporary, JSON.stringify(entry));
      await disk.rename(temporary, target);
      bytesFiles.set(id, entry.bytes);
      if (previous !== undefined) await removeLeftOver(join(dir, previous));
    },
    async read(id) {
      const name = bytesFiles.get(id);
      if (name === undefined) return undefined;
      try {
        return new Uint8Array(await disk.readFile(join(dir, name)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async storedSize(id) {
      const name = bytesFiles.get(id);
      // Read-only, so not one of the DiskOps a crash test interrupts.
      return name === undefined
        ? undefined
        : stat(join(dir, name)).then(
            (stats) => stats.size,
            () => undefined,
          );
    },
    async remove(id) {
      const name = bytesFiles.get(id);
      await disk.rm(metadataPath(id), { force: true });
      bytesFiles.delete(id);
      if (name !== undefined) await removeLeftOver(join(dir, name));
    },
    async loadMetadata(parse) {
      // Only regular files are the emulator's: a directory or a symlink under one of its names is left alone.
      const names = (await disk.readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
      const loaded: Array<ReturnType<typeof parse>> = [];
      const setAside = new Set(
        names.filter((n) => n.endsWith(CORRUPT)).map((n) => n.slice(0, -`.json${CORRUPT}`.length)),
      );
      for (const name of names) {
        const id = name.slice(0, -'.json'.length);
        if (!name.endsWith('.json') || !ID.test(id)) continue;
        const path = join(dir, name);
        try {
          const entry = readEntry(id, new TextDecoder().decode(await disk.readFile(path)));
          loaded.push(parse(entry.metadata, id));
          bytesFiles.set(id, entry.bytes);
        } catch (error) {
          // A development tool should keep working: one bad file costs that file, not the emulator.
          setAside.add(id);
          const moved = await disk.rename(path, `${path}${CORRUPT}`).then(
            () => `moved it to ${path}${CORRUPT}`,
            (moveError: unknown) => `could not move it aside either (${reasonOf(moveError)})`,
          );
          warn(`skipped ${path}: not valid file metadata (${reasonOf(error)}); ${moved}`);
        }
      }
      const referenced = new Set(bytesFiles.values());
      const stray = (n: string): boolean => {
        const id = BYTES_FILE.exec(n)?.[1];
        return id !== undefined && !referenced.has(n) && !setAside.has(id);
      };
      for (const name of names.filter((n) => n.endsWith('.tmp') || stray(n))) {
        const path = join(dir, name);
        await disk
          .rm(path, { force: true })
          .catch((error: unknown) => warn(`could not delete the left-over ${path} (${reasonOf(error)})`));
      }
      return loaded;
    },
  };
}

/** The emulator's one channel for what it finds wrong in its storage: a line on stderr. */
export function warn(message: string): void {
  process.stderr.write(`pubnub-files emulator: ${message}\n`);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readEntry(id: string, text: string): Entry {
  const stored: unknown = JSON.parse(text);
  if (typeof stored !== 'object' || stored === null) throw new Error('not a JSON object');
  if (!('bytes' in stored)) return { bytes: `${id}.bin`, metadata: stored };
  if (typeof stored.bytes !== 'string' || BYTES_FILE.exec(stored.bytes)?.[1] !== id) {
    throw new Error(`bytes ${JSON.stringify(stored.bytes)} is not a bytes file of ${id}`);
  }
  return { bytes: stored.bytes, metadata: 'metadata' in stored ? stored.metadata : undefined };
}
