// Argument parsing for the commands, on node:util parseArgs.
import { parseArgs } from 'node:util';

import { CliError } from './errors.mjs';

/**
 * Parses `args` against `options` (parseArgs' shape, plus `--help`). Returns
 * `{ values, positionals }`, or null after printing `usage` when --help was given.
 * Unknown options and missing values are usage errors (exit 2).
 */
export function parseCommandArgs(args, options, usage) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliError(`${error.message}\n${usage}`);
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    return null;
  }
  return parsed;
}

/**
 * The input paths of a command: the positionals, or `-` (standard input) when there
 * are none and standard input is not a terminal.
 */
export function inputPaths(positionals, usage) {
  if (positionals.length > 0) {
    return positionals;
  }
  if (process.stdin.isTTY) {
    throw new CliError(`no input given\n${usage}`);
  }
  return ['-'];
}
