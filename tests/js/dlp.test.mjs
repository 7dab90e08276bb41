// The built package (pkg/, what ships) against the shared DLP cases, the original
// design's rules and sample text, UTF-16 offsets and bad input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { initSync, Scanner } from '../../pkg/promptward.js';
import { parsePolicyText } from '../../pkg/yaml.js';

const data = (path) => readFileSync(new URL(`../data/${path}`, import.meta.url), 'utf8');
const CASES = JSON.parse(data('cases.json')).cases;
const RULES_YAML = data('policy/dlp-rules.yaml');
const ORIGINAL = parsePolicyText(RULES_YAML).dlp;

const caseById = (id) => CASES.find((c) => c.id === id);
const matchesOf = (result, rule) => result.matches.filter((m) => m.rule === rule);
const spans = (matches) => matches.map((m) => [m.start, m.end]);

/** Every [start, end) where `needle` occurs in `text`. */
function occurrences(text, needle) {
  const found = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
    found.push([i, i + needle.length]);
  }
  return found;
}

const EXPECTED_RULE = {
  credit_card_matches: 'credit_card', phone_matches: 'phone', email_matches: 'email',
  ip_address_matches: 'ip_address', ssn_matches: 'ssn',
};
const EXCLUDED_RULE = {
  not_credit_card: 'credit_card', no_phone_inside: 'phone', not_email: 'email',
  not_ip: 'ip_address', not_ssn: 'ssn',
};

describe('shared DLP cases (tests/data/cases.json)', () => {
  for (const id of ['DLP-01', 'DLP-02', 'DLP-03', 'DLP-04', 'DLP-05', 'DLP-06']) {
    test(`${id}: ${caseById(id).title}`, () => {
      const { input, expect } = caseById(id);
      const result = new Scanner().scan(input.text);

      for (const [key, rule] of Object.entries(EXPECTED_RULE)) {
        if (expect[key]) {
          assert.deepEqual(spans(matchesOf(result, rule)), expect[key].map((m) => m.utf16), key);
          for (const m of expect[key]) {
            assert.equal(input.text.slice(...m.utf16), m.text);
          }
        }
      }
      for (const [key, rule] of Object.entries(EXCLUDED_RULE)) {
        for (const needle of expect[key] ?? []) {
          for (const [start, end] of occurrences(input.text, needle)) {
            const overlapping = matchesOf(result, rule)
              .filter((m) => m.start < end && start < m.end);
            assert.deepEqual(overlapping, [], `${rule} must not match inside '${needle}'`);
          }
        }
      }
      assert.equal(result.action, expect.overall_action);
      assert.equal(result.textLength, input.text.length);
    });
  }

  test('DLP-06: UTF-16 offsets, text length and redaction around emoji, accents and CJK', () => {
    const { input, expect } = caseById('DLP-06');
    const scanner = new Scanner();
    const result = scanner.scan(input.text);

    const found = result.matches.map((m) => ({ rule: m.rule, span: [m.start, m.end] }));
    assert.deepEqual(found, expect.matches.map((m) => ({ rule: m.rule, span: m.utf16 })));
    for (const [i, m] of result.matches.entries()) {
      assert.equal(input.text.slice(m.start, m.end), expect.matches[i].text);
    }
    assert.equal(result.textLength, expect.textLength_js);
    const redacted = scanner.redact(input.text);
    assert.equal(redacted, expect.redact_js);
    assert.equal(redacted.isWellFormed(), expect.redacted_isWellFormed);
  });
});

describe('DLP-10: long input with many matches', () => {
  // The case asks for 200 scans of the 4.2 MB text on one scanner. At ~0.2 s a scan
  // that is 40 s, so the suite runs 50 (a leak of one buffer per scan still shows);
  // PROMPTWARD_DLP10_SCANS=200 runs the case in full.
  const SCANS = Number(process.env.PROMPTWARD_DLP10_SCANS ?? 50);
  const { input, expect } = caseById('DLP-10');

  test(`${SCANS} scans: exact offsets, no memory growth, no matched text in stats`, () => {
    const text = `\u{1F600}\n${Array.from({ length: 100000 }, (_, i) => {
      const n = String(i).padStart(6, '0');
      return `row ${n} contact u${n}@example.com ok\n`;
    }).join('')}`;
    assert.equal(text.length, input.length_utf16);

    const scanner = new Scanner();
    const memory = initSync().memory;
    let afterTen = 0;
    const times = [];
    let first;
    for (let i = 1; i <= SCANS; i += 1) {
      const started = performance.now();
      const result = scanner.scan(text);
      times.push(performance.now() - started);
      first ??= result;
      if (i === 10) {
        afterTen = memory.buffer.byteLength;
      }
    }

    assert.equal(matchesOf(first, 'email').length, expect.email_match_count);
    assert.equal(first.matches.length - expect.email_match_count, expect.other_rule_matches);
    for (const key of ['match_0', 'match_49999', 'match_99999']) {
      const m = first.matches[Number(key.slice(6))];
      assert.deepEqual([m.start, m.end], expect[key].utf16, key);
      assert.equal(text.slice(m.start, m.end), expect[key].text);
    }

    const growth = memory.buffer.byteLength - afterTen;
    assert.ok(growth <= 8 * 1024 * 1024, `wasm memory grew by ${growth} bytes`);
    times.sort((a, b) => a - b);
    assert.ok(times[times.length >> 1] < 2000, `median scan ${times[times.length >> 1]} ms`);

    const stats = scanner.stats();
    assert.equal(stats.totalScans, SCANS);
    assert.equal(stats.matchesByRule.email, SCANS * expect.email_match_count);
    const serialised = JSON.stringify(stats);
    for (const fragment of ['example.com', 'u000000', 'u049999', '@']) {
      assert.ok(!serialised.includes(fragment), `stats hold '${fragment}'`);
    }
  });
});

describe("the original design's rules and sample text (tests/data/policy/dlp-rules.yaml)", () => {
  const sample = ORIGINAL.example_text;
  const found = (result) => result.matches.map((m) => [m.rule, sample.slice(m.start, m.end)]);

  test('default rules: the Luhn-invalid card is not flagged; email and phone are', () => {
    const result = new Scanner().scan(sample);
    assert.deepEqual(found(result), [
      ['email', 'john.doe@company.com'],
      ['phone', '555-123-4567'],
    ]);
    assert.equal(result.action, 'warn');
  });

  test('EMP123456 is found only once the example rule employee_id is added', () => {
    const scanner = new Scanner();
    assert.ok(!found(scanner.scan(sample)).some(([, text]) => text === 'EMP123456'));

    scanner.addRule(ORIGINAL.example_custom_rules[0]);
    const employee = scanner.scan(sample).matches.filter((m) => m.rule === 'employee_id');
    assert.deepEqual(employee.map((m) => sample.slice(m.start, m.end)), ['EMP123456']);
    assert.equal(employee[0].sensitivity, 'confidential');
    assert.equal(employee[0].action, 'warn');
  });

  test('the file loads as it is; its rules run as custom patterns', () => {
    const scanner = new Scanner(parsePolicyText(RULES_YAML));
    assert.deepEqual(scanner.rules().map((r) => [r.name, r.kind]), [
      ['credit_card', 'pattern'], ['ssn', 'pattern'], ['email', 'pattern'],
      ['phone', 'pattern'], ['api_key', 'pattern'], ['ip_address', 'pattern'],
    ]);
    // The original card pattern has no Luhn check, so it flags the sample's number.
    const result = scanner.scan(sample);
    assert.ok(found(result).some(([rule, text]) => rule === 'credit_card'
      && text === '4532-1234-5678-9012'));
    assert.equal(result.action, 'block');
    assert.match(scanner.policyHash, /^sha256:[0-9a-f]{64}$/);
  });

  test('custom patterns are case-insensitive', () => {
    const policy = { dlp: { rules: [...ORIGINAL.rules, ...ORIGINAL.example_custom_rules] } };
    const text = 'badge emp123456, mail BOB@EXAMPLE.ORG';
    const result = new Scanner(policy).scan(text);
    const byRule = Object.fromEntries(
      result.matches.map((m) => [m.rule, text.slice(m.start, m.end)]));
    assert.equal(byRule.employee_id, 'emp123456');
    assert.equal(byRule.email, 'BOB@EXAMPLE.ORG');
  });
});

describe('UTF-16 offsets: text.slice(start, end) is the match', () => {
  const samples = [
    ['emoji before a card', '😀😀4111 1111 1111 1111😀', '4111 1111 1111 1111'],
    ['ZWJ sequence before an email', 'hi 👩‍👩‍👧 mail ana@example.org!', 'ana@example.org'],
    ['combining marks before an IP', 'Zoe\u0308 e\u0301\u0301 at 192.0.2.44.', '192.0.2.44'],
    ['CJK directly before an email', '请联系李雷li.lei@example.com谢谢', 'li.lei@example.com'],
    ['CJK directly before an SSN', '社会保障号536-22-1234です', '536-22-1234'],
    ['astral CJK before a phone', '𠀀𠀁 call (415) 555-0134 𠀂', '(415) 555-0134'],
  ];
  for (const [title, text, expected] of samples) {
    test(title, () => {
      const result = new Scanner().scan(text);
      const start = text.indexOf(expected);
      assert.deepEqual(spans(result.matches), [[start, start + expected.length]]);
      assert.equal(text.slice(result.matches[0].start, result.matches[0].end), expected);
      assert.equal(result.textLength, text.length);
    });
  }

  test('redaction keeps the text around the match well-formed', () => {
    const text = '😀4111 1111 1111 1111😀';
    assert.equal(new Scanner().redact(text), '😀***REDACTED***😀');
  });

  test('redaction keeps lone surrogates outside the matches as they are', () => {
    const text = '\uD800 card 4111 1111 1111 1111 \uDC00 end \uDBFF';
    const redacted = new Scanner().redact(text);
    assert.equal(redacted, '\uD800 card ***REDACTED*** \uDC00 end \uDBFF');
    assert.equal(redacted.isWellFormed(), false);
  });

  test('a mask keeps the last characters of the original, astral ones whole', () => {
    const scanner = new Scanner({ dlp: { rules: [{
      name: 'ticket', pattern: String.raw`TCK-\S+`, sensitivity: 'internal', action: 'redact',
      redaction: { mask: '#', keepLast: 2 },
    }] } });
    // The match `TCK-12😀` is 7 characters: 5 masked, `2` and the emoji kept.
    assert.equal(scanner.redact('\uDFFF see TCK-12😀 ok'), '\uDFFF see #####2😀 ok');
  });
});

describe('bad input', () => {
  const rule = (fields) => ({ name: 'custom', pattern: 'abc', sensitivity: 'internal',
    action: 'warn', ...fields });
  const invalidRule = (name, field) => (error) => {
    assert.equal(error.name, 'InvalidRule');
    assert.equal(error.code, 'InvalidRule');
    assert.ok(error.message.includes(name), `message names the rule: ${error.message}`);
    if (field) {
      assert.ok(error.message.includes(field), `message names ${field}: ${error.message}`);
    }
    return true;
  };

  const rejected = [
    ['an invalid regex', rule({ name: 'broken', pattern: '(abc' }), 'broken', 'pattern'],
    ['look-ahead', rule({ name: 'ahead', pattern: 'a(?=b)' }), 'ahead', 'pattern'],
    ['look-behind', rule({ name: 'behind', pattern: '(?<=a)b' }), 'behind', 'pattern'],
    ['a back-reference', rule({ name: 'backref', pattern: '(a)\\1' }), 'backref', 'pattern'],
    ['an empty-matchable pattern', rule({ name: 'empty', pattern: 'x*' }), 'empty', 'pattern'],
    ['an unknown sensitivity', rule({ name: 'sens', sensitivity: 'secret' }), 'sens',
      'sensitivity'],
    ['an unknown action', rule({ name: 'act', action: 'shout' }), 'act', 'action'],
    ['the name of a built-in rule', rule({ name: 'email' }), 'email', 'name'],
  ];
  for (const [what, bad, name, field] of rejected) {
    test(`addRule rejects ${what} with InvalidRule naming the rule`, () => {
      assert.throws(() => new Scanner().addRule(bad), invalidRule(name, field));
    });
  }

  test('a second rule with the same name is rejected', () => {
    const scanner = new Scanner();
    scanner.addRule(rule({ name: 'twice' }));
    assert.throws(() => scanner.addRule(rule({ name: 'twice', pattern: 'def' })),
      invalidRule('twice', 'name'));
  });

  test('a policy with duplicate or invalid rules is rejected naming the rule', () => {
    const dup = { dlp: { rules: [rule({ name: 'dup' }), rule({ name: 'dup', pattern: 'x' })] } };
    assert.throws(() => new Scanner(dup), invalidRule('dup'));
    const bad = { dlp: { rules: [rule({ name: 'lookaround', pattern: '(?!x)y' })] } };
    assert.throws(() => new Scanner(bad), invalidRule('lookaround'));
  });

  test('values of the wrong JavaScript type are TypeErrors', () => {
    const scanner = new Scanner();
    assert.throws(() => scanner.scan(42), TypeError);
    assert.throws(() => scanner.scan(undefined), TypeError);
    assert.throws(() => scanner.redact({}), TypeError);
    assert.throws(() => new Scanner(42), TypeError);
    assert.throws(() => parsePolicyText(42), TypeError);
  });

  test('malformed policy text is InvalidPolicy', () => {
    assert.throws(() => new Scanner('{"dlp": ['), { name: 'InvalidPolicy' });
    assert.throws(() => parsePolicyText('dlp:\n  rules: [\n'), (error) => {
      assert.equal(error.name, 'InvalidPolicy');
      assert.match(error.message, /line \d+, column \d+/);
      return true;
    });
    assert.throws(() => parsePolicyText('- just\n- a list\n'), { name: 'InvalidPolicy' });
    assert.throws(() => parsePolicyText('dlp: *SECRETVALUE123\n'), (error) => {
      assert.equal(error.name, 'InvalidPolicy');
      assert.match(error.message, /Unresolved alias/);
      assert.doesNotMatch(error.message, /SECRETVALUE123/);
      return true;
    });
    // JSON that is not an object says so, rather than that it is not JSON.
    for (const [text, found] of [['null', 'null'], ['42', 'a number'], ['"x"', 'a string']]) {
      assert.throws(() => new Scanner(text), {
        name: 'InvalidPolicy', message: `policy must be an object, found ${found}`,
      });
    }
    assert.throws(() => new Scanner('dlp:\n  rules: []'), {
      name: 'InvalidPolicy', message: /not JSON; read YAML policies with `parsePolicyText`/,
    });
  });

  test('empty text is allowed, with no matches', () => {
    const result = new Scanner().scan('');
    assert.equal(result.action, 'allow');
    assert.deepEqual(result.matches, []);
    assert.equal(result.textLength, 0);
  });
});
