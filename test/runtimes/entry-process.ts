// Node, Bun and Deno run this (transpiled into the test app next to its node_modules) as
// `<runtime> entry-process.mjs <origin> <name>`: it loads the package the way an app would, by its name.
import type * as Sdk from '../../src/index.ts';
import { runScenario } from './scenario.ts';

// A variable, so that the runtime resolves the installed package at run time and nothing resolves it earlier.
const PACKAGE = 'pubnub-files';

declare const Deno: { args: string[]; version: { deno: string } } | undefined;
const args = typeof Deno === 'undefined' ? process.argv.slice(2) : Deno.args;
const [origin = '', runtime = 'unknown'] = args;

try {
  // Node, Bun and Deno all match the package's `node` export condition: the build with the node:crypto backend.
  const build = import.meta.resolve(PACKAGE);
  if (!build.endsWith('/dist/node/index.mjs')) throw new Error(`expected the node build, got ${build}`);
  const sdk = (await import(PACKAGE)) as typeof Sdk;
  const result = await runScenario(sdk, origin, runtime);
  console.log(JSON.stringify({ ok: true, version: runtimeVersion(), ...result }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, version: runtimeVersion(), error: String((error as Error).stack ?? error) }));
  process.exitCode = 1;
}

function runtimeVersion(): string {
  const versions = process.versions as NodeJS.ProcessVersions & { bun?: string };
  if (typeof Deno !== 'undefined') return `deno ${Deno.version.deno}`;
  return versions.bun === undefined ? `node ${process.versions.node}` : `bun ${versions.bun}`;
}
