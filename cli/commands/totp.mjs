// `promptward totp ...`: one-time passwords over the built package. Secrets given as
// `--secret -` are read from standard input, so they stay out of the process list.
import { writeFileSync } from 'node:fs';

import { parseCommandArgs } from '../lib/args.mjs';
import { CliError } from '../lib/errors.mjs';
import { readText } from '../lib/input.mjs';
import { loadPolicy, loadPromptward } from '../lib/package.mjs';

const USAGE = `usage: promptward totp <command> [options]

commands:
  enrol --account EMAIL [--issuer NAME] [--qr svg|png|terminal] [--out FILE] [--json]
        a new secret, its otpauth:// URI and QR code (terminal rendering by default)
  code --secret B32 [--time UNIX] [--algorithm A] [--digits N] [--period S]
        the code at a time (default: now)
  verify --secret B32 --token CODE [--time UNIX] [--window N] [--after-step N] [--json]
        exit 0 and the matched step when valid, 1 when not
  uri --secret B32 --account NAME [--issuer NAME] [--algorithm A] [--digits N] [--period S]
        the otpauth:// URI of an account
  qr --uri URI [--format svg|png|terminal] [--background dark|light] [--out FILE]
        the QR code of a URI (format from --out's extension, else terminal)
  backup-codes [--count N] [--length N] [--store FILE] [--json]
        new backup codes; --store writes the set's hashed store (JSON) to FILE

Every command takes --policy FILE (JSON or YAML; its mfa section sets issuer,
algorithm, digits, period, window and backup codes); without one the embedded
default policy applies. --secret - reads the secret from standard input.
Exit status: 0 ok or valid, 1 invalid token, 2 usage or input error.`;

const SUBCOMMANDS = {
  enrol: {
    usage: 'promptward totp enrol --account EMAIL [--issuer NAME] [--qr svg|png|terminal] '
      + '[--background dark|light] [--out FILE] [--json] [--policy FILE]',
    options: {
      account: {}, issuer: {}, qr: {}, background: {}, out: {}, json: { type: 'boolean' },
    },
    run: enrol,
  },
  code: {
    usage: 'promptward totp code --secret B32|- [--time UNIX] [--algorithm SHA1|SHA256|SHA512] '
      + '[--digits N] [--period S] [--policy FILE]',
    options: { secret: {}, time: {}, algorithm: {}, digits: {}, period: {} },
    run: code,
  },
  verify: {
    usage: 'promptward totp verify --secret B32|- --token CODE [--time UNIX] [--window N] '
      + '[--after-step N] [--algorithm A] [--digits N] [--period S] [--json] [--policy FILE]',
    options: {
      secret: {}, token: {}, time: {}, window: {}, 'after-step': {}, algorithm: {}, digits: {},
      period: {}, json: { type: 'boolean' },
    },
    run: verify,
  },
  uri: {
    usage: 'promptward totp uri --secret B32|- --account NAME [--issuer NAME] [--algorithm A] '
      + '[--digits N] [--period S] [--policy FILE]',
    options: { secret: {}, account: {}, issuer: {}, algorithm: {}, digits: {}, period: {} },
    run: uri,
  },
  qr: {
    usage: 'promptward totp qr --uri URI [--format svg|png|terminal] [--background dark|light] '
      + '[--out FILE]',
    options: { uri: {}, format: {}, background: {}, out: {} },
    run: qr,
  },
  'backup-codes': {
    usage: 'promptward totp backup-codes [--count N] [--length N] [--store FILE] [--json] '
      + '[--policy FILE]',
    options: { count: {}, length: {}, store: {}, json: { type: 'boolean' } },
    run: backupCodes,
  },
};

/** Runs `promptward totp <command> ...`; returns the exit code. */
export async function run(args) {
  const [name, ...rest] = args;
  if (name === undefined) {
    throw new CliError(`no totp command given\n${USAGE}`);
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = SUBCOMMANDS[name];
  if (command === undefined) {
    throw new CliError(`unknown totp command '${name}'\n${USAGE}`);
  }
  const usage = `usage: ${command.usage}`;
  const options = { policy: { type: 'string', short: 'p' } };
  for (const [key, spec] of Object.entries(command.options)) {
    options[key] = { type: 'string', ...spec };
  }
  const parsed = parseCommandArgs(rest, options, usage);
  if (parsed === null) {
    return 0;
  }
  if (parsed.positionals.length > 0) {
    throw new CliError(`unexpected argument '${parsed.positionals[0]}'\n${usage}`);
  }
  return command.run(parsed.values, usage);
}

async function enrol(values, usage) {
  const account = required(values, 'account', usage);
  const format = choice(values.qr ?? formatOf(values.out) ?? 'terminal', 'qr', QR_FORMATS);
  const background = choice(values.background ?? 'dark', 'background', BACKGROUNDS);
  const pkg = await loadPromptward();
  const totp = await createTotp(pkg, values.policy);
  const enrolment = totp.enrol({ account, issuer: values.issuer });
  const { issuer } = pkg.parseOtpauthUri(enrolment.uri);
  const image = renderQr(pkg, enrolment.uri, format, background);

  if (values.out !== undefined) {
    writeOutput(values.out, image);
  }
  if (values.json) {
    const result = { account, issuer: issuer ?? null, secret: enrolment.secret,
      uri: enrolment.uri };
    if (values.qr !== undefined && values.out === undefined) {
      result.qr = { format, data: format === 'png' ? pngDataUrl(image) : image };
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const lines = [`account  ${account}`, `issuer   ${issuer ?? '(none)'}`,
    `secret   ${enrolment.secret}`, `uri      ${enrolment.uri}`];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.out !== undefined) {
    process.stdout.write(`qr       ${format} written to ${values.out}\n`);
  } else {
    process.stdout.write(`\n${format === 'png' ? pngDataUrl(image) : image}\n`);
  }
  return 0;
}

async function code(values, usage) {
  const secret = readSecret(values, usage);
  const pkg = await loadPromptward();
  const totp = await createTotp(pkg, values.policy);
  process.stdout.write(`${totp.code(secret, codeOptions(values))}\n`);
  return 0;
}

async function verify(values, usage) {
  const secret = readSecret(values, usage);
  const token = required(values, 'token', usage);
  const options = codeOptions(values);
  if (values.window !== undefined) {
    options.window = whole(values.window, 'window');
  }
  if (values['after-step'] !== undefined) {
    options.afterStep = whole(values['after-step'], 'after-step');
  }
  const pkg = await loadPromptward();
  const totp = await createTotp(pkg, values.policy);
  const found = totp.verify(secret, token, options);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(found === null ? { valid: false }
      : { valid: true, ...found })}\n`);
  } else {
    process.stdout.write(found === null ? 'invalid\n'
      : `valid: step ${found.step} (delta ${found.delta})\n`);
  }
  return found === null ? 1 : 0;
}

async function uri(values, usage) {
  const secret = readSecret(values, usage);
  const account = required(values, 'account', usage);
  const pkg = await loadPromptward();
  const totp = await createTotp(pkg, values.policy);
  const fields = { secret, account, issuer: values.issuer, algorithm: values.algorithm };
  if (values.digits !== undefined) {
    fields.digits = whole(values.digits, 'digits');
  }
  if (values.period !== undefined) {
    fields.period = whole(values.period, 'period');
  }
  process.stdout.write(`${totp.uri(fields)}\n`);
  return 0;
}

async function qr(values, usage) {
  const text = required(values, 'uri', usage);
  const format = choice(values.format ?? formatOf(values.out) ?? 'terminal', 'format',
    QR_FORMATS);
  const background = choice(values.background ?? 'dark', 'background', BACKGROUNDS);
  const pkg = await loadPromptward();
  // Only what an authenticator app can scan: a URI it would accept.
  pkg.parseOtpauthUri(text);
  const image = renderQr(pkg, text, format, background);
  if (values.out !== undefined) {
    writeOutput(values.out, image);
  } else if (format === 'png') {
    if (process.stdout.isTTY) {
      throw new CliError('refusing to write a PNG to a terminal; give --out FILE or redirect');
    }
    process.stdout.write(image);
  } else {
    process.stdout.write(image.endsWith('\n') ? image : `${image}\n`);
  }
  return 0;
}

async function backupCodes(values) {
  const options = {};
  for (const key of ['count', 'length']) {
    if (values[key] !== undefined) {
      options[key] = whole(values[key], key);
    }
  }
  const pkg = await loadPromptward();
  let set;
  if (values.count === undefined && values.length === undefined) {
    // The policy's settings, refused when the policy disables backup codes.
    set = (await createTotp(pkg, values.policy)).generateBackupCodes();
  } else {
    set = pkg.generateBackupCodes(options);
  }
  if (values.store !== undefined) {
    writeOutput(values.store, `${set.store}\n`);
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(set)}\n`);
  } else {
    process.stdout.write(`${set.codes.join('\n')}\n`);
  }
  return 0;
}

const QR_FORMATS = ['svg', 'png', 'terminal'];
const BACKGROUNDS = ['dark', 'light'];

/** A Totp for the policy at `path` (or the embedded default); errors name the file. */
async function createTotp(pkg, path) {
  const policy = await loadPolicy(path);
  try {
    return new pkg.Totp(policy);
  } catch (error) {
    const kind = error.code ?? error.name;
    throw new CliError(`policy ${path ?? '(embedded default)'}: ${kind}: ${error.message}`);
  }
}

/** The QR code as SVG text, PNG bytes or terminal text. */
function renderQr(pkg, text, format, background) {
  if (format === 'svg') {
    return pkg.qrSvg(text);
  }
  if (format === 'png') {
    return Buffer.from(pkg.qrPngDataUrl(text).replace(/^data:image\/png;base64,/, ''), 'base64');
  }
  return pkg.qrTerminal(text, { background });
}

function pngDataUrl(bytes) {
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

/** The format an output file's extension names, if any. */
function formatOf(path) {
  const extension = path?.match(/\.(svg|png|txt)$/i)?.[1].toLowerCase();
  return extension === 'txt' ? 'terminal' : extension;
}

function writeOutput(path, content) {
  try {
    writeFileSync(path, content);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${error.message}`);
  }
}

/** `--time`, `--algorithm`, `--digits`, `--period` as options of the JS API. */
function codeOptions(values) {
  const options = {};
  if (values.time !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(values.time)) {
      throw new CliError(`--time must be Unix seconds, such as 1700000000, not '${values.time}'`);
    }
    options.time = Number(values.time);
  }
  if (values.algorithm !== undefined) {
    options.algorithm = values.algorithm;
  }
  for (const key of ['digits', 'period']) {
    if (values[key] !== undefined) {
      options[key] = whole(values[key], key);
    }
  }
  return options;
}

/** The secret of --secret, or of standard input for `--secret -` (its first line). */
function readSecret(values, usage) {
  const secret = required(values, 'secret', usage);
  if (secret !== '-') {
    return secret;
  }
  return readText('-').text.split(/\r?\n/)[0];
}

function required(values, key, usage) {
  if (values[key] === undefined) {
    throw new CliError(`--${key} is required\n${usage}`);
  }
  return values[key];
}

function whole(text, key) {
  if (!/^\d+$/.test(text)) {
    throw new CliError(`--${key} must be a whole number, not '${text}'`);
  }
  return Number(text);
}

function choice(value, key, allowed) {
  if (!allowed.includes(value)) {
    throw new CliError(`--${key} must be one of ${allowed.join(', ')}, not '${value}'`);
  }
  return value;
}
