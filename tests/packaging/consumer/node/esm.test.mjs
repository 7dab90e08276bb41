// The installed package from an ES module in Node: the `node.import` entry (the wasm
// embedded as base64), and the `promptward/yaml` subpath.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { Rbac, Scanner, Totp } from 'promptward';
import { parsePolicyText } from 'promptward/yaml';

// Hand-counted: "Card " is 5 code units, the card 19, ", mail " 7, the address 16.
const PROMPT = 'Card 4111 1111 1111 1111, mail jane@example.com';

test('import resolves to the embedded-wasm ESM entry', () => {
  assert.match(import.meta.resolve('promptward'), /\/node_modules\/promptward\/promptward\.js$/);
  assert.match(import.meta.resolve('promptward/yaml'), /\/node_modules\/promptward\/yaml\.js$/);
});

test('scan: verdict, rules and UTF-16 offsets', () => {
  const result = new Scanner().scan(PROMPT);
  assert.equal(result.action, 'block');
  assert.deepEqual(result.matches.map((m) => [m.rule, m.start, m.end]),
    [['credit_card', 5, 24], ['email', 31, 47]]);

  // An emoji is two UTF-16 code units: with it and a space in front, offsets move by 3.
  const shifted = new Scanner().scan(`😀 ${PROMPT}`);
  assert.deepEqual(shifted.matches.map((m) => [m.start, m.end]), [[8, 27], [34, 50]]);
});

test('redact and stats', () => {
  const scanner = new Scanner();
  assert.doesNotMatch(scanner.redact(PROMPT), /4111/);
  scanner.scan('nothing to see');
  assert.equal(scanner.stats().totalScans, 1);
});

test('promptward/yaml reads a YAML policy for Scanner', () => {
  const policy = parsePolicyText([
    'dlp:',
    '  rules:',
    '    - name: employee_id',
    "      pattern: '\\bEMP\\d{6}\\b'",
    '      sensitivity: confidential',
    '      action: redact',
  ].join('\n'));
  const result = new Scanner(policy).scan('ask EMP123456 about it');
  assert.deepEqual(result.matches.map((m) => [m.rule, m.start, m.end]),
    [['employee_id', 4, 13]]);
  assert.throws(() => parsePolicyText('dlp: [unclosed'), { name: 'InvalidPolicy' });
});

test('TOTP: RFC 6238 Appendix B codes (SHA-1, the default policy\'s 6 digits)', () => {
  // The ASCII key "12345678901234567890" in base32; the RFC's 8-digit codes, last 6.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  const totp = new Totp();
  assert.equal(totp.code(secret, { time: 59 }), '287082');
  assert.equal(totp.code(secret, { time: 1111111109 }), '081804');
  assert.deepEqual(totp.verify(secret, '005924', { time: 1234567890 }),
    { step: 41152263, delta: 0 });
  assert.equal(totp.verify(secret, '005925', { time: 1234567890 }), null);
});

test('RBAC: inherited grants, deny by default, a guard that throws AccessDenied', () => {
  const rbac = new Rbac({
    rbac: {
      roles: { member: { permissions: ['chat:send'] }, admin: { inherits: ['member'] } },
      users: { alice: ['admin'], bob: [] },
    },
  });
  assert.equal(rbac.check('alice', 'chat:send'), true);
  assert.equal(rbac.check('bob', 'chat:send'), false);
  assert.equal(rbac.check('alice', 'billing:view'), false);
  assert.throws(() => rbac.guard('chat:send')('bob'),
    { name: 'AccessDenied', permission: 'chat:send' });
});

test('package.json is exported', () => {
  const manifest = createRequire(import.meta.url)('promptward/package.json');
  assert.equal(manifest.name, 'promptward');
});
