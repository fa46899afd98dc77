// Vitest globalSetup of the contract project: one Prism for the whole suite, its URL handed to tests by `inject`.
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startPrism } from './prism.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

const SPEC = fileURLToPath(new URL('../../openapi/pubnub-files.yaml', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism(SPEC);
  project.provide('prismUrl', prism.url);
  return () => prism.stop();
}
