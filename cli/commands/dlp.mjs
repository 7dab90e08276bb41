// `promptward scan | redact | eval`: the DLP scanner over files or standard input.
import cliProgress from 'cli-progress';

import { inputPaths, parseCommandArgs } from '../lib/args.mjs';
import { CliError } from '../lib/errors.mjs';
import { evaluate, parseDataset } from '../lib/evaluate.mjs';
import { readText } from '../lib/input.mjs';
import { createScanner } from '../lib/package.mjs';
import { formatEval, formatScan, formatSummary } from '../lib/report.mjs';

const POLICY = { policy: { type: 'string', short: 'p' } };
const JSON_FLAG = { json: { type: 'boolean' } };

const USAGE = {
  scan: 'usage: promptward scan [--policy FILE] [--json] [FILE|-]...',
  redact: 'usage: promptward redact [--policy FILE] [FILE|-]',
  eval: 'usage: promptward eval [--policy FILE] [--json] DATASET.json',
};

/** Runs `scan`, `redact` or `eval`; returns the exit code. */
export async function run(args, name) {
  const commands = { scan, redact, eval: evalDataset };
  return commands[name](args);
}

async function scan(args) {
  const parsed = parseCommandArgs(args, { ...POLICY, ...JSON_FLAG }, USAGE.scan);
  if (parsed === null) {
    return 0;
  }
  const { values, positionals } = parsed;
  const scanner = await createScanner(values.policy);
  // Every input is read and checked before anything is printed.
  const inputs = inputPaths(positionals, USAGE.scan).map(readText);

  const actions = [];
  for (const { name, text } of inputs) {
    const result = scanner.scan(text);
    if (values.json) {
      // One line per input, named as in the text output (`<stdin>` for `-`).
      process.stdout.write(`${JSON.stringify({ input: name, ...result })}\n`);
    } else {
      // A blank line between inputs, none before the first.
      const gap = actions.length > 0 ? '\n' : '';
      process.stdout.write(`${gap}${formatScan(name, text, result)}`);
    }
    actions.push(result.action);
  }
  if (!values.json && inputs.length > 1) {
    process.stdout.write(`\n${formatSummary(actions)}`);
  }
  return actions.includes('block') ? 1 : 0;
}

async function redact(args) {
  const parsed = parseCommandArgs(args, POLICY, USAGE.redact);
  if (parsed === null) {
    return 0;
  }
  const { values, positionals } = parsed;
  const paths = inputPaths(positionals, USAGE.redact);
  if (paths.length > 1) {
    throw new CliError(`redact takes one input\n${USAGE.redact}`);
  }
  const scanner = await createScanner(values.policy);
  const { text } = readText(paths[0]);
  process.stdout.write(scanner.redact(text));
  return 0;
}

async function evalDataset(args) {
  const parsed = parseCommandArgs(args, { ...POLICY, ...JSON_FLAG }, USAGE.eval);
  if (parsed === null) {
    return 0;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new CliError(`eval takes one data set\n${USAGE.eval}`);
  }
  const scanner = await createScanner(values.policy);
  const { name, text } = readText(positionals[0]);
  const records = parseDataset(text, name);

  const progress = startProgress(records.length);
  const scores = evaluate(scanner, records, progress.update);
  progress.stop();

  const output = values.json ? `${JSON.stringify(scores, null, 2)}\n`
    : formatEval(name, records.length, scores);
  process.stdout.write(output);
  return 0;
}

/** A progress bar on stderr, only for long runs and only when stderr is a terminal. */
function startProgress(total) {
  if (!process.stderr.isTTY || total < 500) {
    return { update() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    clearOnComplete: true,
    hideCursor: true,
    format: 'eval [{bar}] {value}/{total} records',
  }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  return {
    update(done) {
      if (done % 50 === 0 || done === total) {
        bar.update(done);
      }
    },
    stop() {
      bar.stop();
    },
  };
}
