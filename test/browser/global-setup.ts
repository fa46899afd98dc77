import { ensureChromium } from '../runtimes/setup.ts';

/** The browser tests use Debian's chromium: installed with apt-get on a fresh (root) machine, as test:runtimes does. */
export default function setup(): void {
  ensureChromium();
}
