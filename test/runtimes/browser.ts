// Headless Chromium runs the scenario in a page served on loopback. The page imports the built ESM files as they
// are in the installed package, through an import map: no bundler between the browser and the package.
import { join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, servePages } from '../support/chromium.ts';
import type { RunResult } from './setup.ts';

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

export async function runInChromium(executablePath: string, appDir: string, origin: string): Promise<RunResult> {
  // The page, and the test app's files (scenario.mjs and node_modules) under it.
  const { server, url } = await servePages((path) => {
    if (path === '/') return { html: page(origin) };
    const file = join(appDir, normalize(path));
    return file.startsWith(appDir + sep) ? { file } : undefined;
  });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const problems: string[] = [];
  try {
    const tab = await browser.newPage();
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    tab.on('requestfailed', (request) =>
      problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`),
    );
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await tab.goto(url);
    await tab.waitForFunction(() => 'scenario' in window);
    const outcome = (await tab.evaluate(
      () => (window as unknown as { scenario: Promise<unknown> }).scenario,
    )) as Record<string, unknown>;
    const version = `chromium ${browser.version()}`;
    return outcome['ok'] === true
      ? { ok: true, version, detail: outcome }
      : { ok: false, version, detail: { ...outcome, problems } };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
