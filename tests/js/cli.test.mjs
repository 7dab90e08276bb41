// The command line over the built package: output, exit codes, inputs and eval.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

import { maskMatch } from '../../cli/lib/mask.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'cli/main.mjs');
const CASES = JSON.parse(readFileSync(join(ROOT, 'tests/data/cases.json'), 'utf8')).cases;
const TMP = mkdtempSync(join(tmpdir(), 'promptward-cli-'));

/** Runs the CLI (node cli/main.mjs) from the repo root: `{ status, stdout, stderr }`. */
function cli(args, input = '') {
  const run = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, input,
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function tempFile(name, content) {
  const path = join(TMP, name);
  writeFileSync(path, content);
  return path;
}

const SAMPLE_TEXT = CASES.find((c) => c.id === 'DLP-06').input.text;

describe('scan', () => {
  test('the shipped sample prompts: findings masked, a verdict per input, exit 1', () => {
    const run = cli(['scan', 'samples/prompts/02-refund-request.txt',
      'samples/prompts/01-code-review.txt']);
    assert.equal(run.status, 1, run.stderr);
    const lines = run.stdout.split('\n');
    const card = lines.find((l) => l.includes('credit_card'));
    assert.equal(card.replace(/ +/g, ' '),
      'samples/prompts/02-refund-request.txt:4:4 credit_card restricted block **** **** **** 1111');
    assert.ok(!run.stdout.includes('4111 1111 1111 1111'), 'the raw card number is never printed');
    assert.ok(!run.stdout.includes('maria.gomez@example.com'), 'the raw email is never printed');
    assert.ok(lines.includes('samples/prompts/02-refund-request.txt: block (2 findings)'));
    assert.ok(lines.includes('samples/prompts/01-code-review.txt: allow (no findings)'));
  });

  test('a clean input exits 0', () => {
    const run = cli(['scan', 'samples/prompts/07-translation.txt']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'samples/prompts/07-translation.txt: allow (no findings)\n');
  });

  test('--json prints one scan result per input, named, as the JS API returns it', () => {
    const clean = tempFile('clean.txt', 'nothing to see here\n');
    const run = cli(['scan', '--json', '-', clean], SAMPLE_TEXT);
    assert.equal(run.status, 1, run.stderr);
    const results = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.equal(results.length, 2);
    assert.deepEqual(results.map((result) => result.input), ['<stdin>', clean]);
    for (const result of results) {
      assert.deepEqual(Object.keys(result).sort(),
        ['action', 'input', 'matches', 'policyHash', 'scanId', 'textLength']);
      assert.match(result.policyHash, /^sha256:[0-9a-f]{64}$/);
    }
    const [sample, cleanResult] = results;
    assert.equal(sample.action, 'block');
    assert.equal(sample.textLength, SAMPLE_TEXT.length);
    assert.deepEqual(sample.matches[0], { rule: 'credit_card', start: 19, end: 38,
      sensitivity: 'restricted', action: 'block' });
    assert.deepEqual(cleanResult.matches, []);
    assert.equal(cleanResult.action, 'allow');
  });

  test("'-' and no input at all both read standard input", () => {
    for (const args of [['scan', '-'], ['scan']]) {
      const run = cli(args, 'ping 192.0.2.44 please\n');
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout.split('\n')[0].replace(/ +/g, ' '),
        '<stdin>:1:6 ip_address internal log **********');
    }
  });

  test('empty input is a clean result', () => {
    const empty = tempFile('empty.txt', '');
    const run = cli(['scan', empty]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${empty}: allow (no findings)\n`);
    assert.equal(cli(['scan', '--json', '-'], '').status, 0);
  });

  test('a binary file is an error naming it, exit 2, nothing on stdout', () => {
    const binary = tempFile('image.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
    const run = cli(['scan', 'samples/prompts/01-code-review.txt', binary]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^promptward: .*image\.bin.*binary/);
  });

  test('a file that is not UTF-8 is an error naming it, exit 2', () => {
    const latin1 = tempFile('latin1.txt', Buffer.from('caf\xe9 4111 1111 1111 1111', 'latin1'));
    const run = cli(['scan', latin1]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^promptward: .*latin1\.txt is not valid UTF-8/);
    assert.ok(!run.stderr.includes('4111'));
  });

  test('a missing file and an unknown option are errors, exit 2', () => {
    const missing = cli(['scan', join(TMP, 'nope.txt')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^promptward: cannot read .*nope\.txt: no such file/);
    const option = cli(['scan', '--frobnicate', 'samples/prompts/01-code-review.txt']);
    assert.equal(option.status, 2);
    assert.match(option.stderr, /^promptward: .*--frobnicate[\s\S]*usage: promptward scan/);
  });

  test('a YAML policy file: the original rules flag the Luhn-invalid card', () => {
    const text = 'card 4532-1234-5678-9012\n';
    assert.equal(cli(['scan', '-'], text).status, 0);
    const run = cli(['scan', '--policy', 'tests/data/policy/dlp-rules.yaml', '-'], text);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /credit_card +restricted +block +\*\*\*\*-\*\*\*\*-\*\*\*\*-9012/);
  });

  test('a JSON policy file with a custom rule', () => {
    const policy = tempFile('policy.json', JSON.stringify({ dlp: { useDefaults: true, rules: [
      { name: 'employee_id', pattern: '\\bEMP\\d{6}\\b', sensitivity: 'confidential',
        action: 'block' }] } }));
    const run = cli(['scan', '--json', '-p', policy, '-'], 'badge emp123456');
    assert.equal(run.status, 1, run.stderr);
    assert.equal(JSON.parse(run.stdout).matches[0].rule, 'employee_id');
  });

  test('a policy with a bad rule or bad YAML is an error naming it, exit 2', () => {
    const badRule = tempFile('bad-rule.yaml', 'dlp:\n  rules:\n    - name: ticket\n'
      + "      pattern: '(?<=#)\\d+'\n      sensitivity: internal\n      action: warn\n");
    const rule = cli(['scan', '--policy', badRule, '-'], 'x');
    assert.equal(rule.status, 2);
    assert.match(rule.stderr, /^promptward: policy .*bad-rule\.yaml: InvalidRule: .*ticket/);

    const badYaml = tempFile('bad.yaml', 'dlp:\n  rules: [\n');
    const yaml = cli(['scan', '--policy', badYaml, '-'], 'x');
    assert.equal(yaml.status, 2);
    assert.match(yaml.stderr, /^promptward: policy .*bad\.yaml: .*line \d+, column \d+/);
  });
});

describe('redact', () => {
  test('prints the text with block matches replaced', () => {
    const run = cli(['redact', '-'], SAMPLE_TEXT);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, CASES.find((c) => c.id === 'DLP-06').expect.redact_js);
  });

  test('takes one input', () => {
    const run = cli(['redact', 'samples/prompts/01-code-review.txt',
      'samples/prompts/02-refund-request.txt']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /redact takes one input/);
  });
});

describe('eval', () => {
  const TYPES = ['CREDIT_CARD', 'US_SSN', 'EMAIL_ADDRESS', 'PHONE_NUMBER', 'IP_ADDRESS'];

  test('--json on the presidio corpus has the overall figures and the five types', () => {
    const run = cli(['eval', '--json', 'tests/data/corpus/presidio-synth-v2.json']);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(report), ['overall', 'byType']);
    assert.deepEqual(Object.keys(report.byType), TYPES);
    for (const figures of [report.overall, ...Object.values(report.byType)]) {
      assert.deepEqual(Object.keys(figures), ['precision', 'recall', 'f1', 'tp', 'fp', 'fn']);
    }
    const sum = (key) => TYPES.reduce((n, type) => n + report.byType[type][key], 0);
    assert.equal(report.overall.tp, sum('tp'));
    assert.equal(report.overall.fp, sum('fp'));
    assert.equal(report.overall.fn, sum('fn'));
    assert.equal(report.overall.tp + report.overall.fn, 307, 'gold spans of the five types');
  });

  test('offsets are compared in code points; overlap makes a true positive', () => {
    // Positions by hand, in code points: the emoji counts 1 (it is 2 UTF-16 units).
    const dataset = tempFile('small.json', JSON.stringify([
      { full_text: '😀😀 mail a@example.com now', spans: [
        { entity_type: 'EMAIL_ADDRESS', start_position: 8, end_position: 21 }] },
      { full_text: 'no card here', spans: [
        { entity_type: 'CREDIT_CARD', start_position: 3, end_position: 7 },
        { entity_type: 'PERSON', start_position: 0, end_position: 2 }] },
      { full_text: 'reach b@example.org', spans: [] },
    ]));
    const run = cli(['eval', '--json', dataset]);
    assert.equal(run.status, 0, run.stderr);
    const { overall, byType } = JSON.parse(run.stdout);
    assert.deepEqual(byType.EMAIL_ADDRESS, { precision: 0.5, recall: 1, f1: 2 / 3, tp: 1, fp: 1,
      fn: 0 });
    assert.deepEqual(byType.CREDIT_CARD, { precision: null, recall: 0, f1: 0, tp: 0, fp: 0,
      fn: 1 });
    assert.deepEqual([overall.tp, overall.fp, overall.fn], [1, 1, 1]);
  });

  test('the human report is a table with an overall row', () => {
    const run = cli(['eval', 'tests/data/corpus/presidio-synth-v2.json']);
    assert.equal(run.status, 0, run.stderr);
    for (const type of [...TYPES, 'overall (micro)']) {
      const escaped = type.replace(/[()]/g, '\\$&');
      assert.match(run.stdout, new RegExp(`^${escaped} .*\\d\\.\\d{3}`, 'm'));
    }
  });

  test('a malformed data set is an error naming the record, exit 2', () => {
    const dataset = tempFile('bad-set.json', JSON.stringify([{ full_text: 'x', spans: [] },
      { full_text: 'y', spans: [{ entity_type: 'US_SSN', start_position: 0, end_position: 9 }] }]));
    const run = cli(['eval', dataset]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /record 1: spans\[0\]/);
  });

  test('a data set that is not JSON is an error that quotes none of its text, exit 2', () => {
    for (const content of ['card 4111 1111 1111 1111', '[{"full_text": "ssn 123-45-6789"']) {
      const run = cli(['eval', tempFile('not-json.json', content)]);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /is not valid JSON/);
      for (const fragment of ['card', '4111', 'ssn', '6789']) {
        assert.ok(!run.stderr.includes(fragment), `stderr quotes ${fragment}: ${run.stderr}`);
      }
    }
  });
});

describe('dispatch and the launcher', () => {
  test('./promptward --help runs the CLI, exit 0', () => {
    const run = spawnSync(join(ROOT, 'promptward'), ['--help'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /usage: promptward <command>/);
  });

  test('no command or an unknown one is a usage error, exit 2', () => {
    assert.equal(cli([]).status, 2);
    const run = cli(['frobnicate']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^promptward: unknown command 'frobnicate'/);
  });

  for (const engine of ['totp', 'rbac']) {
    test(`'${engine}' goes to cli/commands/${engine}.mjs, or says it is not available`, () => {
      const run = cli([engine, '--help']);
      const present = spawnSync('test', ['-f', join(ROOT, `cli/commands/${engine}.mjs`)]).status;
      if (present === 0) {
        assert.ok(!run.stderr.includes('not available'), run.stderr);
      } else {
        assert.equal(run.status, 2);
        assert.match(run.stderr, new RegExp(`'${engine}' command is not available`));
      }
    });
  }
});

describe('masking', () => {
  test('12+ characters keep separators and the last 4; shorter ones are masked whole', () => {
    assert.equal(maskMatch('4111 1111 1111 1111'), '**** **** **** 1111');
    assert.equal(maskMatch('3782 822463 10005'), '**** ****** *0005');
    assert.equal(maskMatch('+1 415-555-0199'), '+* ***-***-0199');
    assert.equal(maskMatch('536-22-1234'), '***********');
    assert.equal(maskMatch('10.0.0.1'), '********');
    assert.equal(maskMatch('😀😀😀😀😀😀😀😀😀😀😀😀'), '********😀😀😀😀');
  });
});
