// Headless Chromium runs the scenario in a page served on loopback. The page imports the built ESM files as they
// are in the installed package, through an import map: no bundler between the browser and the package.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import type { RunResult } from './setup.ts';

// TOOLCHAIN.md: what Debian's chromium needs to run headless here, with nothing reaching out on its own.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript' };

function page(origin: string): string {
  const imports = {
    'pubnub-files': '/node_modules/pubnub-files/dist/index.js',
    'openapi-fetch': '/node_modules/openapi-fetch/dist/index.mjs',
  };
  return `<!doctype html>
<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module">
  import * as sdk from 'pubnub-files';
  import { runScenario } from '/scenario.mjs';
  window.scenario = runScenario(sdk, ${JSON.stringify(origin)}, 'chromium').then(
    (result) => ({ ok: true, ...result }),
    (error) => ({ ok: false, error: String(error?.stack ?? error) }),
  );
</script>`;
}

/** Serves `appDir` (the test app: scenario.mjs and node_modules) and the page on 127.0.0.1, port 0. */
async function serve(appDir: string, origin: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(page(origin));
      return;
    }
    const file = join(appDir, normalize(decodeURIComponent(path)));
    if (!file.startsWith(appDir)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

export async function runInChromium(executablePath: string, appDir: string, origin: string): Promise<RunResult> {
  const server = await serve(appDir, origin);
  const browser = await chromium.launch({ executablePath, args: ARGS });
  const problems: string[] = [];
  try {
    const tab = await browser.newPage();
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    tab.on('requestfailed', (request) => problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`));
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await tab.waitForFunction(() => 'scenario' in window);
    const outcome = (await tab.evaluate(() => (window as unknown as { scenario: Promise<unknown> }).scenario)) as Record<string, unknown>;
    const version = `chromium ${browser.version()}`;
    return outcome['ok'] === true
      ? { ok: true, version, detail: outcome }
      : { ok: false, version, detail: { ...outcome, problems } };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
