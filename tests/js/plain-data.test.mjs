// Objects handed to the module from JavaScript: a circular, too deeply nested or
// too large policy, rule or definition is refused with a typed error, and the module
// stays usable afterwards (a conversion that ran out of stack would corrupt its memory
// for every instance in the process).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { Rbac, Scanner, Totp } from '../../pkg/promptward.js';
import { parsePolicyText } from '../../pkg/yaml.js';

function circular() {
  const list = [];
  list.push(list);
  return list;
}

function nested(levels) {
  let value = {};
  for (let i = 0; i < levels; i += 1) value = { inner: value };
  return value;
}

/** The module still scans, codes and checks. */
function assertUsable() {
  assert.equal(new Scanner().scan('mail jane@example.com').action, 'warn');
  // RFC 6238 Appendix B, SHA1, T = 59: 94287082, of which six digits are 287082.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(new Totp().code(secret, { time: 59 }), '287082');
  assert.equal(new Rbac({ rbac: { roles: { r: ['chat:use'] } } }).check({ roles: ['r'] },
    'chat:use'), true);
}

const refusals = (bad) => [
  ['new Scanner(policy)', () => new Scanner({ dlp: { rules: [bad] } }), 'InvalidPolicy'],
  ['Scanner.addRule(rule)', () => new Scanner().addRule({ name: 'r', pattern: 'abc',
    sensitivity: 'internal', action: 'warn', description: bad }), 'InvalidRule'],
  ['new Totp(config)', () => new Totp({ mfa: { totp: bad } }), 'InvalidConfig'],
  ['new Rbac(policy)', () => new Rbac({ rbac: { roles: { r: bad } } }), 'InvalidPolicy'],
  ['Rbac.defineRole(definition)', () => new Rbac().defineRole('r', { permissions: bad }),
    'InvalidPolicy'],
];

describe('objects from JavaScript', () => {
  for (const [what, bad] of [['circular', circular()], ['10,000 levels deep', nested(10_000)]]) {
    for (const [call, run, name] of refusals(bad)) {
      test(`${call}: a ${what} value is ${name}, and the module stays usable`, () => {
        assert.throws(run, (error) => {
          assert.equal(error.name, name);
          assert.match(error.message, /not plain data: it nests deeper than 64 levels/);
          return true;
        });
        assertUsable();
      });
    }
  }

  test('a YAML alias that contains itself is InvalidPolicy', () => {
    let policy;
    try {
      policy = parsePolicyText('dlp: &loop\n  rules: [*loop]\n');
    } catch (error) {
      // The YAML reader may refuse the cycle itself; that is as good.
      assert.equal(error.name, 'InvalidPolicy');
      return;
    }
    assert.throws(() => new Scanner(policy), { name: 'InvalidPolicy' });
    assertUsable();
  });

  test('shared (not circular) values that blow up when expanded are refused', () => {
    let value = ['leaf'];
    for (let i = 0; i < 30; i += 1) value = [value, value];
    assert.throws(() => new Scanner({ extra: value }), (error) => {
      assert.equal(error.name, 'InvalidPolicy');
      assert.match(error.message, /more than 1000000 values/);
      return true;
    });
    assertUsable();
  });

  test('nesting of ordinary depth is read', () => {
    const rbac = new Rbac({ rbac: { roles: { r: { permissions: ['chat:use'] } } },
      notes: nested(50) });
    assert.equal(rbac.check({ roles: ['r'] }, 'chat:use'), true);
  });

  test('values JSON cannot hold are refused, naming what', () => {
    for (const [call, run, name] of refusals(12n)) {
      assert.throws(run, (error) => {
        assert.equal(error.name, name, call);
        assert.match(error.message, /not plain data: .*BigInt/, call);
        return true;
      });
    }
    assertUsable();
  });

  test('a Map is read as the object it stands for', () => {
    const rule = new Map([['name', 'ticket'], ['pattern', String.raw`\bTCK-\d{4}\b`],
      ['sensitivity', 'internal'], ['action', 'warn']]);
    const scanner = new Scanner({ dlp: { rules: [rule] } });
    assert.deepEqual(scanner.scan('see TCK-1234').matches.map((m) => m.rule), ['ticket']);
  });

  test('a getter or proxy trap that throws is a typed error, and nothing breaks', () => {
    const throwing = { get description() { throw new Error('boom'); } };
    const trap = new Proxy({}, { ownKeys() { throw 42; } });
    // Thrown values that throw again when looked at.
    const unreadable = new Proxy({}, { getPrototypeOf() { throw 0; } });
    const nameless = new Error('x');
    Object.defineProperty(nameless, 'name', { get() { throw nameless; } });
    const throwsUnreadable = { get description() { throw unreadable; } };
    const throwsNameless = { get description() { throw nameless; } };
    for (const bad of [throwing, trap, throwsUnreadable, throwsNameless]) {
      // Many times over: each exception that unwound through wasm used to leak.
      for (let i = 0; i < 2000; i += 1) {
        for (const [call, run, name] of refusals(bad)) {
          assert.throws(run, (error) => {
            assert.equal(error.name, name, call);
            assert.match(error.message, /not plain data: reading .* threw/, call);
            return true;
          });
        }
      }
    }
    assertUsable();
  });

  test('subjects and options whose reading throws are TypeErrors', () => {
    const rbac = new Rbac({ rbac: { roles: { r: ['chat:use'] } } });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const unreadable = new Proxy({}, { getPrototypeOf() { throw 0; } });
    const subjects = [revoked.proxy, { get roles() { throw new Error('x'); } },
      { roles: new Proxy(['r'], { get() { throw 1; } }) }, { get grants() { throw unreadable; } }];
    const totp = new Totp();
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const options = [revoked.proxy, { get time() { throw 1; } },
      new Proxy({}, { ownKeys() { throw 1; } }), { get time() { throw unreadable; } }];
    for (let i = 0; i < 1000; i += 1) {
      for (const subject of subjects) {
        assert.throws(() => rbac.check(subject, 'chat:use'), TypeError);
      }
      for (const option of options) {
        assert.throws(() => totp.code(secret, option), TypeError);
      }
    }
    assertUsable();
  });

  test('huge sparse arrays are refused before they are walked', () => {
    const sparse = [];
    sparse.length = 2 ** 32 - 1;
    assert.throws(() => new Scanner({ dlp: { rules: sparse } }),
      { name: 'InvalidPolicy', message: /more than 1000000 values/ });
    assert.throws(() => new Rbac().check({ roles: sparse }, 'a:b'),
      { name: 'TypeError', message: /subject.roles has more than 100000 entries/ });
    assertUsable();
  });

  test('values JSON would drop or change are refused, naming where they are', () => {
    const rule = (extra) => ({ dlp: { rules: [{ name: 'x', pattern: 'a',
      sensitivity: 'internal', action: 'warn', ...extra }] } });
    const cases = [
      [{ caseSensitive: NaN }, '`dlp.rules[0].caseSensitive` is NaN'],
      [{ redaction: { mask: '*', keepLast: Infinity } },
        '`dlp.rules[0].redaction.keepLast` is Infinity'],
      [{ pattern: () => 1 }, '`dlp.rules[0].pattern` is a function'],
      [{ description: Symbol('d') }, '`dlp.rules[0].description` is a symbol'],
      [{ pattern: new Date(0) }, '`dlp.rules[0].pattern` is a Date with its own JSON form, '
        + 'not plain data'],
    ];
    for (const [extra, where] of cases) {
      assert.throws(() => new Scanner(rule(extra)),
        { name: 'InvalidPolicy', message: `policy is not plain data: ${where}` });
    }
  });

  test('each property is read once: what is checked is what the engine gets', () => {
    let reads = 0;
    const definition = {
      get permissions() {
        reads += 1;
        return reads === 1 ? ['docs:read'] : ['*'];
      },
    };
    const rbac = new Rbac({ roles: { reader: definition } });
    assert.equal(reads, 1);
    assert.equal(rbac.check({ roles: ['reader'] }, 'docs:read'), true);
    assert.equal(rbac.check({ roles: ['reader'] }, 'admin:delete'), false);
    rbac.defineRole('writer', definition);
    assert.equal(reads, 2);
    assert.equal(rbac.check({ roles: ['writer'] }, 'admin:delete'), true, 'the second read');

    // A key named `__proto__` is a key like any other, as JSON.parse makes it.
    const parsed = JSON.parse('{"roles": {"__proto__": ["x:y"]}}');
    assert.equal(new Rbac(parsed).check({ roles: ['__proto__'] }, 'x:y'), true);
  });
});
