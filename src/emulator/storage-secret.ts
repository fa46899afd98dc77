import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The secret that signs upload forms and download URLs. With a data dir it is kept there (`signing-secret`, readable
 * by its owner only), so the download URLs handed out before a restart still work after it; in memory it lives as
 * long as the process. Never sent to a client or printed.
 */

const SECRET_BYTES = 32;
export const SECRET_FILE = 'signing-secret';

export function processSecret(): Uint8Array {
  return randomBytes(SECRET_BYTES);
}

/**
 * The data dir's secret, created on first use. Two emulators starting on one data dir at once agree on it: the new
 * secret is written to a file of its own and linked into place, which fails, leaving the first one, if one is there.
 * A secret file of the wrong size (truncated, edited) is replaced, with a warning: URLs signed with it stop working.
 */
export async function dataDirSecret(dataDir: string): Promise<Uint8Array> {
  const path = join(dataDir, SECRET_FILE);
  const existing = await readSecret(path);
  if (existing !== undefined) return existing;
  const secret = new Uint8Array(randomBytes(SECRET_BYTES));
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, secret, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another emulator linked its secret first (or the file was unreadable): use the file as it is now, or replace it.
    const winner = await readSecret(path, false);
    if (winner !== undefined) return winner;
    await rm(path, { force: true });
    await link(temporary, path);
    return secret;
  } finally {
    await rm(temporary, { force: true });
  }
}

async function readSecret(path: string, warn = true): Promise<Uint8Array | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (bytes.length !== SECRET_BYTES) {
    if (warn) {
      console.warn(
        `pubnub-files emulator: ${path} is not a ${SECRET_BYTES}-byte secret; replacing it (URLs signed before stop working)`,
      );
    }
    return undefined;
  }
  // Written by an older version, or copied with looser permissions: only its owner may read it.
  await chmod(path, 0o600);
  return new Uint8Array(bytes);
}
