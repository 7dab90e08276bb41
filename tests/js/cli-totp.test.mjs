// `promptward totp ...` over the built package: output, exit codes, policies, files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

import { parseOtpauthUri, Totp, verifyBackupCode } from '../../pkg/promptward.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'cli/main.mjs');
const TMP = mkdtempSync(join(tmpdir(), 'promptward-cli-totp-'));
const RFC6238 = JSON.parse(readFileSync(join(ROOT, 'tests/data/rfc6238.json'), 'utf8'));
const RFC_SECRET = RFC6238.seeds.SHA1.base32;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Runs `promptward totp ARGS` (node cli/main.mjs): `{ status, stdout, stderr }`. */
function totp(args, { input = '', encoding = 'utf8' } = {}) {
  const run = spawnSync(process.execPath, [MAIN, 'totp', ...args], { cwd: ROOT, input,
    encoding });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function tempFile(name, content) {
  const path = join(TMP, name);
  if (content !== undefined) {
    writeFileSync(path, content);
  }
  return path;
}

describe('totp --help and usage errors', () => {
  test('--help lists every command and exits 0', () => {
    const run = totp(['--help']);
    assert.equal(run.status, 0);
    for (const command of ['enrol', 'code', 'verify', 'uri', 'qr', 'backup-codes']) {
      assert.match(run.stdout, new RegExp(`^  ${command} `, 'm'), command);
    }
    assert.match(totp(['verify', '--help']).stdout, /^usage: promptward totp verify /);
  });

  test('no command, an unknown command or option, a missing value: exit 2', () => {
    for (const args of [[], ['bogus'], ['code', '--secret', RFC_SECRET, '--windw', '1'],
      ['code'], ['verify', '--secret', RFC_SECRET], ['code', '--secret', RFC_SECRET, 'extra']]) {
      const run = totp(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /^promptward: /, args.join(' '));
      assert.equal(run.stdout, '');
    }
  });
});

describe('totp code and verify', () => {
  test('RFC 6238 Appendix B codes, by algorithm', () => {
    for (const { time, algorithm, totp: code } of RFC6238.vectors) {
      const secret = RFC6238.seeds[algorithm].base32;
      const run = totp(['code', '--secret', secret, '--time', String(time), '--algorithm',
        algorithm, '--digits', '8']);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, `${code}\n`, `${algorithm} at ${time}`);
    }
  });

  test('--secret - reads the secret from standard input', () => {
    const run = totp(['code', '--secret', '-', '--time', '59'],
      { input: `${RFC_SECRET.toLowerCase()}\n` });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '287082\n');
  });

  test('verify: exit 0 with the matched step, 1 when invalid or replayed', () => {
    const base = ['verify', '--secret', RFC_SECRET, '--time', '59'];
    let run = totp([...base, '--token', '287082']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'valid: step 1 (delta 0)\n');

    run = totp([...base, '--token', '359152', '--json']);
    assert.equal(run.status, 0);
    assert.deepEqual(JSON.parse(run.stdout), { valid: true, step: 2, delta: 1 });

    for (const extra of [['--token', '287082', '--after-step', '1'],
      ['--token', '359152', '--window', '0'], ['--token', '28708２'], ['--token', '87082'],
      ['--token', '969429']]) {
      run = totp([...base, ...extra, '--json']);
      assert.equal(run.status, 1, extra.join(' '));
      assert.deepEqual(JSON.parse(run.stdout), { valid: false });
    }
    assert.equal(totp([...base, '--token', '000000']).stdout, 'invalid\n');
  });

  test('bad input: exit 2, the error named, the secret never printed', () => {
    const secret = 'JBSWY3DPEHPK3PX1';
    let run = totp(['verify', '--secret', secret, '--token', '123456']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^promptward: InvalidSecret: /);
    assert.ok(!run.stderr.includes(secret) && !run.stderr.includes('JBSWY3DP'));

    run = totp(['verify', '--secret', RFC_SECRET, '--token', '123456', '--window', '1000000']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /InvalidConfig: window must be 0 to 10 steps/);

    for (const time of ['-1', 'NaN', '1e300', 'abc', '', '0x10', ' 5']) {
      run = totp(['code', '--secret', RFC_SECRET, `--time=${time}`]);
      assert.equal(run.status, 2, time);
      assert.match(run.stderr, /--time must be Unix seconds/);
    }
    run = totp(['code', '--secret', RFC_SECRET, '--time', '99999999999999999999']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /InvalidConfig: time is larger than 2\^53/);
    run = totp(['code', '--secret', RFC_SECRET, '--digits', '4']);
    assert.match(run.stderr, /InvalidConfig: digits must be 6, 7 or 8, not 4/);
  });
});

describe('totp uri, enrol and qr', () => {
  test('uri: the exact form, percent-encoded, parsing back to the same fields', () => {
    const run = totp(['uri', '--secret', 'jbsw y3dp ehpk 3pxp', '--account', 'a+b@x.org',
      '--issuer', 'Bücher & Co', '--digits', '8']);
    assert.equal(run.status, 0, run.stderr);
    const uri = run.stdout.trimEnd();
    assert.equal(uri, 'otpauth://totp/B%C3%BCcher%20%26%20Co:a%2Bb%40x.org'
      + '?secret=JBSWY3DPEHPK3PXP&issuer=B%C3%BCcher%20%26%20Co&digits=8');
    assert.deepEqual(parseOtpauthUri(uri), { type: 'totp', secret: 'JBSWY3DPEHPK3PXP',
      account: 'a+b@x.org', issuer: 'Bücher & Co', algorithm: 'SHA1', digits: 8, period: 30 });
  });

  test('enrol: a usable secret, the policy issuer, a terminal QR code', () => {
    const run = totp(['enrol', '--account', 'jo@example.org']);
    assert.equal(run.status, 0, run.stderr);
    const [account, issuer, secret, uri] = run.stdout.split('\n', 4)
      .map((line) => line.replace(/^\w+ +/, ''));
    assert.equal(account, 'jo@example.org');
    assert.equal(issuer, 'CoAI.Dev Enterprise');
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.deepEqual(parseOtpauthUri(uri).secret, secret);
    assert.match(run.stdout, /\n\n[ \u2580\u2584\u2588\n]+$/);

    // The new secret works: a code made for it verifies through the CLI.
    const code = new Totp().code(secret, { time: 1_700_000_000 });
    const check = totp(['verify', '--secret', secret, '--token', code, '--time', '1700000000']);
    assert.equal(check.status, 0, check.stderr);
  });

  test('enrol --json, with the QR code as SVG or a PNG data URL', () => {
    let run = totp(['enrol', '--account', 'ann@example.org', '--issuer', 'ACME Co', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(result), ['account', 'issuer', 'secret', 'uri']);
    assert.equal(result.issuer, 'ACME Co');
    assert.equal(parseOtpauthUri(result.uri).account, 'ann@example.org');

    run = totp(['enrol', '--account', 'ann@example.org', '--json', '--qr', 'svg']);
    assert.equal(JSON.parse(run.stdout).qr.format, 'svg');
    assert.match(JSON.parse(run.stdout).qr.data, /^<\?xml[\s\S]*<\/svg>\s*$/);
    run = totp(['enrol', '--account', 'ann@example.org', '--json', '--qr', 'png']);
    assert.match(JSON.parse(run.stdout).qr.data, /^data:image\/png;base64,iVBORw0KGgo/);
  });

  test('enrol and qr write image files; the format follows the extension', () => {
    const png = tempFile('enrol.png');
    let run = totp(['enrol', '--account', 'jo@example.org', '--out', png]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^qr +png written to /m);
    assert.deepEqual(readFileSync(png).subarray(0, 8), PNG_SIGNATURE);

    const uri = 'otpauth://totp/ACME%20Co:jo%40x.org?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co';
    const svg = tempFile('qr.svg');
    run = totp(['qr', '--uri', uri, '--out', svg]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(readFileSync(svg, 'utf8'), /^<\?xml/);
    const text = tempFile('qr.txt');
    assert.equal(totp(['qr', '--uri', uri, '--out', text, '--background', 'light']).status, 0);
    assert.match(readFileSync(text, 'utf8'), /^[ \u2580\u2584\u2588\n]+$/);
  });

  test('qr to standard output: terminal by default, PNG bytes when piped', () => {
    const uri = 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP';
    const terminal = totp(['qr', '--uri', uri]);
    assert.equal(terminal.status, 0, terminal.stderr);
    assert.match(terminal.stdout, /^[ \u2580\u2584\u2588\n]+$/);
    const png = totp(['qr', '--uri', uri, '--format', 'png'], { encoding: 'buffer' });
    assert.equal(png.status, 0, png.stderr.toString());
    assert.deepEqual(png.stdout.subarray(0, 8), PNG_SIGNATURE);
  });

  test('qr refuses what an authenticator could not use', () => {
    for (const args of [['--uri', 'https://example.org'], ['--uri', 'otpauth://totp/a'],
      ['--uri', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP', '--format', 'gif']]) {
      const run = totp(['qr', ...args]);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /^promptward: /);
    }
  });
});

describe('totp backup-codes', () => {
  test('the policy set: 10 codes XXXX-XXXX, the hashed store, single use', () => {
    const store = tempFile('backup-store.json');
    const run = totp(['backup-codes', '--store', store]);
    assert.equal(run.status, 0, run.stderr);
    const codes = run.stdout.trimEnd().split('\n');
    assert.equal(codes.length, 10);
    assert.ok(codes.every((code) => /^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code)), codes.join(' '));
    const saved = readFileSync(store, 'utf8');
    assert.ok(codes.every((code) => !saved.includes(code.replace('-', ''))));
    const first = verifyBackupCode(saved.trim(), codes[4]);
    assert.equal(first.valid, true);
    assert.equal(verifyBackupCode(first.store, codes[4]).valid, false);
  });

  test('--count, --length and --json', () => {
    const run = totp(['backup-codes', '--count', '3', '--length', '12', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const { codes, store } = JSON.parse(run.stdout);
    assert.equal(codes.length, 3);
    assert.ok(codes.every((code) => /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code)));
    assert.equal(JSON.parse(store).hashes.length, 3);
    assert.match(totp(['backup-codes', '--count', '0']).stderr, /InvalidConfig/);
  });
});

describe('--policy', () => {
  test('the original mfa-config.yaml and a policy with its own settings', () => {
    const original = totp(['enrol', '--account', 'a@b.c', '--json', '--policy',
      'tests/data/policy/mfa-config.yaml']);
    assert.equal(original.status, 0, original.stderr);
    assert.equal(JSON.parse(original.stdout).issuer, 'CoAI.Dev Enterprise');

    const policy = tempFile('mfa.yaml', 'mfa:\n  totp: { issuer: ACME, digits: 8, period: 60 }\n'
      + '  backup_codes: { enabled: false }\n');
    const code = totp(['code', '--secret', RFC_SECRET, '--time', '59', '--policy', policy]);
    assert.equal(code.stdout, `${new Totp({ totp: { digits: 8, period: 60 } })
      .code(RFC_SECRET, { time: 59 })}\n`);
    assert.equal(code.stdout.length, 9);
    const uri = totp(['uri', '--secret', RFC_SECRET, '--account', 'a', '--policy', policy]);
    assert.equal(uri.stdout, `otpauth://totp/ACME:a?secret=${RFC_SECRET}&issuer=ACME`
      + '&digits=8&period=60\n');
    const disabled = totp(['backup-codes', '--policy', policy]);
    assert.equal(disabled.status, 2);
    assert.match(disabled.stderr, /backup codes are disabled by the policy/);
  });

  test('a bad policy names the file and the key', () => {
    const policy = tempFile('bad.json', '{"mfa": {"totp": {"digit": 8}}}');
    const run = totp(['code', '--secret', RFC_SECRET, '--policy', policy]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr,
      `promptward: policy ${policy}: InvalidConfig: unknown key \`mfa.totp.digit\`\n`);
  });
});
