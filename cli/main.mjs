// The promptward command line: one word picks the engine's command module.
//
// A command module exports `async function run(args, name)`: `args` are the arguments
// after the command word, `name` is that word. It returns the exit code (0 ok,
// 1 blocked/invalid/denied, 2 usage or input error) or throws a CliError (exit 2).
import { existsSync } from 'node:fs';

import { CliError, printError } from './lib/errors.mjs';

const COMMANDS = {
  scan: 'dlp',
  redact: 'dlp',
  eval: 'dlp',
  totp: 'totp',
  rbac: 'rbac',
};

const USAGE = `usage: promptward <command> [options]

commands:
  scan   [--policy FILE] [--json] [FILE|-]...   find sensitive data; exit 1 if any input is blocked
  redact [--policy FILE] [FILE|-]               print the text with block/redact matches replaced
  eval   [--policy FILE] [--json] DATASET.json  precision/recall/F1 on a presidio-style data set
  totp   ...                                    one-time passwords (run 'promptward totp --help')
  rbac   ...                                    access checks (run 'promptward rbac --help')

A policy FILE is JSON or YAML; without one the embedded default policy applies.
'-' reads standard input.`;

async function main(argv) {
  const [name, ...args] = argv;
  if (name === undefined) {
    throw new CliError(`no command given\n${USAGE}`);
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const moduleName = COMMANDS[name];
  if (moduleName === undefined) {
    throw new CliError(`unknown command '${name}'\n${USAGE}`);
  }

  const url = new URL(`./commands/${moduleName}.mjs`, import.meta.url);
  if (!existsSync(url)) {
    throw new CliError(`the '${name}' command is not available in this build\n${USAGE}`);
  }
  const { run } = await import(url);
  return run(args, name);
}

process.stdout.on('error', (error) => {
  // A closed pipe (`promptward scan ... | head`) is not an error worth reporting.
  if (error.code === 'EPIPE') {
    process.exit(process.exitCode ?? 0);
  }
  throw error;
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.exitCode = printError(error);
}
