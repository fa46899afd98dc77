import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

/** Where file bytes and their metadata live. Keys are emulator-generated UUIDs, never anything a client named. */
export interface StorageBackend {
  write(id: string, bytes: Uint8Array, metadata: string): Promise<void>;
  read(id: string): Promise<Uint8Array | undefined>;
  remove(id: string): Promise<void>;
  /** Every stored metadata text, for rebuilding the index at start-up. */
  loadMetadata(): Promise<string[]>;
}

export function memoryBackend(): StorageBackend {
  const objects = new Map<string, { bytes: Uint8Array; metadata: string }>();
  return {
    async write(id, bytes, metadata) {
      objects.set(id, { bytes, metadata });
    },
    async read(id) {
      return objects.get(id)?.bytes;
    },
    async remove(id) {
      objects.delete(id);
    },
    async loadMetadata() {
      return [...objects.values()].map((o) => o.metadata);
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `{dir}/{id}.bin` and `{dir}/{id}.json`, each written to a unique temporary file and renamed into place, so a crash or
 * a concurrent writer never leaves a half-written file under its final name. The metadata is renamed last: an object
 * counts as stored only once its metadata exists.
 */
export async function diskBackend(dataDir: string): Promise<StorageBackend> {
  const dir = join(dataDir, 'files');
  await mkdir(dir, { recursive: true });
  const path = (id: string, extension: 'bin' | 'json'): string => {
    if (!UUID.test(id)) throw new Error(`not an emulator file id: ${id}`);
    return join(dir, `${id}.${extension}`);
  };
  const atomicWrite = async (target: string, data: Uint8Array | string): Promise<void> => {
    const temporary = `${target}.${randomUUID()}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, target);
  };
  return {
    async write(id, bytes, metadata) {
      await atomicWrite(path(id, 'bin'), bytes);
      await atomicWrite(path(id, 'json'), metadata);
    },
    async read(id) {
      try {
        return new Uint8Array(await readFile(path(id, 'bin')));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async remove(id) {
      await rm(path(id, 'json'), { force: true });
      await rm(path(id, 'bin'), { force: true });
    },
    async loadMetadata() {
      const names = await readdir(dir);
      await Promise.all(names.filter((n) => n.endsWith('.tmp')).map((n) => rm(join(dir, n), { force: true })));
      const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
      return Promise.all(ids.filter((id) => UUID.test(id)).map((id) => readFile(path(id, 'json'), 'utf8')));
    },
  };
}
