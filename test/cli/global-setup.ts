// Builds the `pubnub-files` bin once (the CLI part of tsdown.config.ts alone, a few seconds) so that every CLI test
// spawns the built file, as a user runs it.
import { build } from 'tsdown';
import { cli } from '../../tsdown.config.ts';

export default async function setup(): Promise<void> {
  await build({ ...cli, config: false, logLevel: 'warn' });
}
