// Runs every program in examples/ against a fresh in-memory emulator, as a user would run them: the Node examples
// with tsx, importing `pubnub-files` by name (the package's own built dist/, through its exports map), and the browser
// example in headless Chromium. Each must exit 0 and print what it promises. Needs `npm run build` first.
import { execFileSync, spawn } from 'node:child_process';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/index.ts';
import { launchChromium, servePages } from '../test/support/chromium.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Each Node example and lines its output must contain. */
const NODE_EXAMPLES: Record<string, RegExp[]> = {
  'send-receive.ts': [
    /^alice sent hello\.txt \(/m,
    /^bob got hello\.txt from alice: \{"text":"hi"\} Hello, Bob!$/m,
    /^files left on the channel: 0$/m,
  ],
  'encrypted-exchange.ts': [
    /^bob reads: Meet at the bridge at dawn\.$/m,
    /^eve gets 58 bytes starting with PNED, not the plan$/m,
  ],
  'filter-and-history.ts': [
    /^carol heard: scratch\.txt, map\.png$/m,
    /^dave reads from history: photo\.jpg \(photo\), map\.png \(map\)$/m,
  ],
};

function run(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('examples', file)], { cwd: root, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** examples/browser at `/`, and the built dist/ and openapi-fetch, from one loopback origin. */
function servePage() {
  const allowed = [join(root, 'examples', 'browser'), join(root, 'dist'), join(root, 'node_modules', 'openapi-fetch')];
  return servePages((path) => {
    const file = normalize(
      join(root, path === '/' ? 'examples/browser/index.html' : path === '/app.js' ? 'examples/browser/app.js' : path),
    );
    return allowed.some((dir) => file.startsWith(dir + sep)) ? { file } : undefined;
  });
}

async function runBrowserExample(emulatorUrl: string): Promise<void> {
  const page = await servePage();
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    await tab.goto(`${page.url}?origin=${encodeURIComponent(emulatorUrl)}`);
    await tab.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const content = `sent from a page ${Date.now()}`;
    const name = `page-${Date.now()}.txt`;
    await tab.setInputFiles('#file', { name, mimeType: 'text/plain', buffer: Buffer.from(content) });
    await tab.click('#send');
    const link = tab.locator('#files a', { hasText: name });
    await link.waitFor({ timeout: 30_000 });
    const href = await link.getAttribute('href');
    const fetched = await tab.evaluate(async (url) => (await fetch(url!)).text(), href);
    if (fetched !== content)
      throw new Error(`browser example: the listed file's link served ${JSON.stringify(fetched)}`);
    console.log(`examples/browser: sent ${name} from the page, listed, downloaded through its link`);
  } finally {
    await browser.close();
    page.server.close();
  }
}

execFileSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'examples/tsconfig.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
const emulator = await startEmulator({ inMemory: true });
let failed = 0;
try {
  const env = {
    ...process.env,
    PUBNUB_ORIGIN: emulator.url,
    PUBNUB_PUBLISH_KEY: 'demo',
    PUBNUB_SUBSCRIBE_KEY: 'demo',
  };
  for (const [file, expected] of Object.entries(NODE_EXAMPLES)) {
    const { code, output } = await run(file, env);
    const missing = expected.filter((pattern) => !pattern.test(output));
    if (code !== 0 || missing.length > 0) {
      failed++;
      console.error(`examples/${file}: exit ${code}, missing ${missing.join(', ') || 'nothing'}\n${output}`);
    } else {
      console.log(`examples/${file}: ok\n${output.trimEnd().replace(/^/gm, '  ')}`);
    }
  }
  await runBrowserExample(emulator.url).catch((error: unknown) => {
    failed++;
    console.error(error);
  });
} finally {
  await emulator.close();
}
if (failed > 0) {
  console.error(`run-examples: ${failed} example(s) failed`);
  process.exit(1);
}
console.log('run-examples: every example ran against the emulator');
