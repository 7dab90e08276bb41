// The benchmark's own checks: the JavaScript baselines against the module on
// hand-checked inputs and on random PII-dense text, the validators against
// published test card numbers, and the corpus generator's promises.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { buildCorpus, sizeOf } from '../lib/corpus.mjs';
import { scanPrefilter } from '../lib/dlp/prefilter.mjs';
import { scanRegExp } from '../lib/dlp/regexp.mjs';
import { issuerAccepts, luhnValid, POLICY, RULES } from '../lib/dlp/shared.mjs';
import { importPkg, ROOT } from '../lib/pkg.mjs';
import { createRandom } from '../lib/random.mjs';

const { Scanner } = await importPkg('promptward.js');
const scanner = new Scanner(POLICY);
const RULE_INDEX = Object.fromEntries(RULES.map((r, i) => [r, i]));
const moduleScan = (text) => scanner.scan(text).matches
  .map((m) => [RULE_INDEX[m.rule], m.start, m.end]);
const named = (matches) => matches.map(([rule, start, end]) => [RULES[rule], start, end]);

describe('validators', () => {
  test('published test card numbers pass Luhn and their issuer; one digit off fails', () => {
    const digits = (s) => [...s].map(Number);
    for (const card of ['4111111111111111', '5555555555554444', '378282246310005',
      '6011111111111117', '3530111333300000', '4012888888881881']) {
      assert.ok(luhnValid(digits(card)) && issuerAccepts(digits(card)), card);
    }
    assert.ok(!luhnValid(digits('4111111111111112')));
    assert.ok(!issuerAccepts(digits('9111111111111119')), 'no network issues 9');
  });
});

describe('baselines on hand-checked inputs', () => {
  const cases = [
    // The README's example: the card is 5..24, the address 31..47.
    ['Card 4111 1111 1111 1111, mail jane@example.com',
      [['credit_card', 5, 24], ['email', 31, 47]]],
    // The original design's sample prompt (its card fails Luhn).
    ['You can reach me at john.doe@company.com or call 555-123-4567. My employee ID is '
      + 'EMP123456.', [['email', 20, 40], ['phone', 49, 61], ['employee_id', 81, 90]]],
    ['SSN 536-22-1234, not 666-12-3456; hosts 10.0.0.1 and 1.2.3.256',
      [['ssn', 4, 15], ['ip_address', 40, 48]]],
    // UTF-16 offsets: the emoji is two code units.
    ['😀 key ghp_abcdefghijklmnopqrstuvwxyz0123456789!', [['api_key', 7, 47]]],
  ];
  for (const [text, want] of cases) {
    test(JSON.stringify(text.slice(0, 40)), () => {
      assert.deepEqual(named(moduleScan(text)), want, 'module');
      assert.deepEqual(named(scanRegExp(text)), want, 'V8 RegExp baseline');
      assert.deepEqual(named(scanPrefilter(text)), want, 'prefilter port');
    });
  }
});

describe('baselines on random PII-dense text', () => {
  const parts = ['a', 'Z', '7', '0', '1', '5', '9', '00', '+', '(', ')', ' ', '\n', '@', '-',
    '_', '.', ',', '%', '#', 'x', 'ext', 'ext.', '(0)', '\u00a0', '\u202f', '\u2009', 'é',
    '😀', '李', '4111', '1111', '4111111111111111', '3782 822463 10005', '536-22-1234',
    '415', '555', '0134', '(415) 555-0134', '+1 ', '+44 20 7946 0958', '07700 900 123',
    '192.168.', '1.', '255', '256', 'example', '.com', 'jane', 'a@b.co', 'sk-', 'ghp_',
    'AKIA', 'abcdefghijklmnopqrst', 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', 'EMP123456', '08',
    ' 8747 6301'];

  test('the three engines find the same matches on 5,000 random texts', () => {
    const random = createRandom('bench-test');
    let found = 0;
    for (let k = 0; k < 5000; k += 1) {
      let text = '';
      for (let i = random.int(1, 30); i > 0; i -= 1) {
        text += random.pick(parts);
      }
      const want = moduleScan(text);
      found += want.length;
      assert.deepEqual(scanRegExp(text), want, `V8 RegExp baseline on ${JSON.stringify(text)}`);
      assert.deepEqual(scanPrefilter(text), want, `prefilter port on ${JSON.stringify(text)}`);
    }
    assert.ok(found > 2000, `the texts hold matches (${found})`);
  });
});

describe('corpus', () => {
  test('the same on every run, prompts of 200 to 4,000 characters, PII every ~2 KB', () => {
    const a = buildCorpus(ROOT, 300_000);
    const b = buildCorpus(ROOT, 300_000);
    assert.equal(a.sha256, b.sha256);
    assert.ok(a.sources.files >= 8, 'sample prompts at least');
    for (const p of a.prose) {
      assert.ok(p.length >= 200 && p.length <= 4000, `prompt of ${p.length}`);
    }
    const units = sizeOf(a.prose).units;
    assert.ok(units >= 300_000 && units < 304_000);
    const planted = Object.values(a.planted).reduce((x, y) => x + y, 0);
    const expected = units / 2048;
    assert.ok(Math.abs(planted - expected) < expected * 0.2, `${planted} vs ${expected}`);
    assert.ok(a.typical.length > 900 && a.typical.length <= 1024);
  });
});

describe('the agreement check', () => {
  test('names the engine, the prompt and the match only one side found', async () => {
    const { checkAgreement } = await import('../lib/dlp/suite.mjs');
    const corpus = { prose: ['mail jane@example.com'], pii: ['SSN 536-22-1234'] };
    const engines = {
      module: moduleScan,
      regexp: scanRegExp,
      prefilter: (text) => scanPrefilter(text).filter(([rule]) => RULES[rule] !== 'ssn'),
    };
    const nativeAnswers = { prose: [[0, 'email', 5, 21]], pii: [[0, 'ssn', 4, 15]] };
    const native = { ask: async (command) => nativeAnswers[command.split(' ')[1]] };
    const result = await checkAgreement(corpus, engines, native);
    assert.equal(result.agree, false);
    assert.equal(result.differing, 1);
    const [d] = result.differences;
    assert.equal(d.engine, 'prefilter');
    assert.equal(d.variant, 'pii');
    assert.match(d.onlyModule[0], /^ssn 4\.\.15 "536-22-1234"/);
    assert.deepEqual(result.matches.prose.email, 1);

    engines.prefilter = scanPrefilter;
    assert.equal((await checkAgreement(corpus, engines, native)).agree, true);
  });
});
