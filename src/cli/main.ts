// `pubnub-files`: the command line over the SDK. Exit status 0 on success, 1 when the operation failed (one line on
// stderr: the error's category and message), 2 on a usage error (what was wrong and the usage line).
import { PubNub } from '../index.ts';
import { COMMANDS, commandHelp, connectionConfig, OVERVIEW, parseCommandLine, UsageError } from './args.ts';
import { describe, runCommand } from './commands.ts';

async function main(argv: readonly string[]): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.command === undefined) {
      process.stdout.write(`${OVERVIEW}\n`);
      return 0;
    }
    if (parsed.help) {
      process.stdout.write(`${commandHelp(parsed.command)}\n`);
      return 0;
    }
    const pubnub = new PubNub(connectionConfig(parsed.values, process.env, parsed.command));
    await runCommand(parsed.command, pubnub, parsed, {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      signal: stop.signal,
    });
    return 0;
  } catch (thrown) {
    if (thrown instanceof UsageError) {
      const usage =
        thrown.command === undefined
          ? 'pubnub-files <command> [flags]; see pubnub-files --help'
          : COMMANDS[thrown.command].usage;
      process.stderr.write(`pubnub-files: ${thrown.message}\nusage: ${usage}\n`);
      return 2;
    }
    process.stderr.write(`pubnub-files: ${describe(thrown).replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

// A reader that stops early (`| head`) closes the pipe: that ends the output, it is not an error to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
