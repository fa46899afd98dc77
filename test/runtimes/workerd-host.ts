// Runs under the Node 22 of .runtimes/node22 (miniflare 4 needs Node >= 22), bundled next to miniflare's
// node_modules: `node host.mjs <worker.mjs> <origin>`. The worker (the scenario and the package, bundled) runs in
// workerd and fetches the emulator on loopback; its JSON answer is printed, and the exit code is 1 unless it is ok.
import { readFileSync } from 'node:fs';

interface MiniflareInstance {
  dispatchFetch(url: string): Promise<Response>;
  dispose(): Promise<void>;
}

// A variable: miniflare is resolved at run time from the prefix it was installed in, not by the project.
const MINIFLARE = 'miniflare';
const { Miniflare } = (await import(MINIFLARE)) as { Miniflare: new (options: object) => MiniflareInstance };

const [scriptPath = '', origin = ''] = process.argv.slice(2);
const miniflare = new Miniflare({
  modules: true,
  script: readFileSync(scriptPath, 'utf8'),
  compatibilityDate: '2026-07-01',
});
try {
  const response = await miniflare.dispatchFetch(`http://worker.test/?origin=${encodeURIComponent(origin)}`);
  console.log(await response.text());
  if (!response.ok) process.exitCode = 1;
} finally {
  await miniflare.dispose();
}
