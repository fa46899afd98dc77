// The clock of a request body's time limit (connection-limits.ts), kept apart so that what holds a request on the
// emulator's side (a fault's delay) can stop it without importing the server's plumbing.
import type { IncomingMessage } from 'node:http';

export const bodyClocks = new WeakMap<IncomingMessage, { pause: () => void; restart: () => void }>();

/** Runs `hold` with `req`'s body clock stopped, and starts it again afterwards. */
export async function holdingBody<T>(req: IncomingMessage, hold: () => Promise<T>): Promise<T> {
  const clock = bodyClocks.get(req);
  clock?.pause();
  try {
    return await hold();
  } finally {
    clock?.restart();
  }
}
