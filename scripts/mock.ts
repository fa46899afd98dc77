// `npm run mock`: Prism mocking the spec on PORT (default 4010), for contract tests of your own code against it.
// Ask for a non-default example with a `Prefer: code=404, example=<name>` request header.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const spec = fileURLToPath(new URL('../openapi/pubnub-files.yaml', import.meta.url));
const prismCli = createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js');
const port = process.env.PORT ?? '4010';
const host = process.env.HOST ?? '127.0.0.1';

const prism = spawn(process.execPath, [prismCli, 'mock', spec, '-h', host, '-p', port, '-m', 'false'], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => prism.kill(signal));
}
prism.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
