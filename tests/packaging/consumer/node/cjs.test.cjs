// The installed package from CommonJS in Node: the `node.require` entry (wasm-bindgen's
// nodejs output), and `require('promptward/yaml')`.
const assert = require('node:assert/strict');
const { test } = require('node:test');

const { Rbac, Scanner, Totp } = require('promptward');
const { parsePolicyText } = require('promptward/yaml');

// Hand-counted: "Card " is 5 code units, the card 19, ", mail " 7, the address 16.
const PROMPT = 'Card 4111 1111 1111 1111, mail jane@example.com';

test('require resolves to the CommonJS entry', () => {
  assert.match(require.resolve('promptward'), /\/node_modules\/promptward\/promptward\.cjs$/);
  assert.match(require.resolve('promptward/yaml'), /\/node_modules\/promptward\/yaml\.cjs$/);
});

test('scan: verdict, rules and UTF-16 offsets', () => {
  const result = new Scanner().scan(PROMPT);
  assert.equal(result.action, 'block');
  assert.deepEqual(result.matches.map((m) => [m.rule, m.start, m.end]),
    [['credit_card', 5, 24], ['email', 31, 47]]);
  assert.deepEqual(new Scanner().scan(`😀 ${PROMPT}`).matches.map((m) => [m.start, m.end]),
    [[8, 27], [34, 50]]);
});

test('bad input is a typed error, not a crash', () => {
  assert.throws(() => new Scanner().scan(42), TypeError);
  const rule = { name: 'broken', pattern: '(', sensitivity: 'internal', action: 'warn' };
  assert.throws(() => new Scanner().addRule(rule), { name: 'InvalidRule', code: 'InvalidRule' });
  assert.throws(() => new Scanner('{"dlp": ['), { name: 'InvalidPolicy' });
});

test('TOTP: an RFC 6238 Appendix B code (SHA-1, last 6 of 8 digits)', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(new Totp().code(secret, { time: 1111111111 }), '050471');
});

test('RBAC from CommonJS: the original rbac-config shape', () => {
  const rbac = new Rbac({ roles: { viewer: { permissions: ['channels:view'] } } });
  assert.equal(rbac.check({ roles: ['viewer'] }, 'channels:view'), true);
  assert.equal(rbac.check({ roles: ['viewer'] }, 'channels:delete'), false);
});

test('promptward/yaml from CommonJS', () => {
  const policy = parsePolicyText('dlp:\n  useDefaults: true\n');
  assert.equal(new Scanner(policy).scan('mail jane@example.com').action, 'warn');
});
