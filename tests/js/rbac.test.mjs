// The built package (pkg/, what ships) against the shared RBAC cases, the platform's
// rbac-config.yaml, the guard, typed errors and bad input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

import { Rbac } from '../../pkg/promptward.js';
import { parsePolicyText } from '../../pkg/yaml.js';

const data = (path) => readFileSync(new URL(`../data/${path}`, import.meta.url), 'utf8');
const CASES = JSON.parse(data('cases.json')).cases;
const CONFIG_YAML = data('policy/rbac-config.yaml');
const caseById = (id) => CASES.find((c) => c.id === id);

/** Calls `fn` and returns what it threw (failing if it did not throw). */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

describe('shared RBAC cases (tests/data/cases.json)', () => {
  test('RBAC-02: scoped and direct grants follow the role rules', () => {
    const { input, expect } = caseById('RBAC-02');
    // Built call by call, and read as a policy (shorthand roles, `direct` grants).
    const built = new Rbac({ rbac: {} });
    for (const [name, grants] of Object.entries(input.roles)) {
      built.defineRole(name, grants);
    }
    for (const [name, user] of Object.entries(input.users)) {
      built.defineUser(name, { roles: user.roles, permissions: user.direct });
    }
    const loaded = new Rbac({ rbac: { roles: input.roles, users: input.users } });

    for (const rbac of [built, loaded]) {
      const decisions = input.checks.map(([user, permission]) => rbac.check(user, permission));
      assert.deepEqual(decisions, expect.checks);
      const explained = input.checks.map(([u, p]) => rbac.explain(u, p).allowed);
      assert.deepEqual(explained, expect.checks);
      assert.deepEqual(rbac.permissionsOf('alice'), expect.userPermissions_alice);
      assert.deepEqual(rbac.permissionsOf('carol_unknown_user'), []);
    }
    assert.equal(built.policyHash, loaded.policyHash);
  });

  test('RBAC-04: malformed grants throw InvalidPermission and leave no role behind', () => {
    const { input } = caseById('RBAC-04');
    const rbac = new Rbac({ roles: input.roles, users: input.user });
    const hash = rbac.policyHash;
    for (const grant of input.invalid_grants) {
      const error = thrown(() => rbac.defineRole('r', [grant]));
      assert.equal(error.name, 'InvalidPermission', JSON.stringify(grant));
      assert.equal(error.code, 'InvalidPermission');
      assert.match(error.message, /^invalid permission `.*` in role `r`: /s);
      assert.equal(rbac.role('r'), undefined);
      assert.equal(rbac.policyHash, hash);
    }
    assert.deepEqual(rbac.roleNames(), ['viewer']);
  });

  test('RBAC-04: checks are exact, case-sensitive and never throw', () => {
    const { input, expect } = caseById('RBAC-04');
    const rbac = new Rbac({ roles: input.roles, users: input.user });
    const decisions = input.checks.map(([user, permission]) => rbac.check(user, permission));
    assert.deepEqual(decisions, expect.checks);

    // assignRole('v1', 'Viewer') throws UnknownRole('Viewer').
    const error = thrown(() => rbac.assign('v1', 'Viewer'));
    assert.equal(error.name, 'UnknownRole');
    assert.equal(error.message, 'unknown role `Viewer` (assigned to user `v1`)');
    assert.deepEqual(rbac.rolesOf('v1'), ['viewer']);
  });
});

// Each permission with one column per role, in this order: `Y` allowed, `.` denied.
// Written by hand from rbac-config.yaml.
const ROLES = ['super_admin', 'organization_admin', 'channel_manager', 'billing_manager',
  'user_support', 'end_user'];
const TABLE = [
  ['system:config', 'Y.....'],
  ['system:logs:org1', 'Y.....'],
  ['users:create', 'YY....'],
  ['users:delete', 'Y.....'],
  ['users:view', 'YY..Y.'],
  ['users:view:org1', 'YY..Y.'],
  ['users:billing', 'Y..Y..'],
  ['channels:view', 'YYY...'],
  ['channels:delete', 'Y.Y...'],
  ['models:delete', 'Y.....'],
  ['models:use', 'Y....Y'],
  ['billing:view', 'YY.Y..'],
  ['analytics:usage', 'Y...Y.'],
  ['security:audit', 'Y.....'],
  ['org:manage', '.Y....'],
  ['chat:use', '.....Y'],
  ['conversations:view', '....Y.'],
  ['conversations:manage', '.....Y'],
  ['files:download', '......'],
  ['Users:view', '......'],
  ['users:*', '......'],
  ['*', '......'],
];

describe("the platform's rbac-config.yaml", () => {
  const policy = parsePolicyText(CONFIG_YAML);

  test('loads as it is; every role decides as the hand-written table says', () => {
    const rbac = new Rbac(policy);
    assert.deepEqual(rbac.roleNames(), [...ROLES].sort());
    for (const [permission, row] of TABLE) {
      ROLES.forEach((role, i) => {
        const want = row[i] === 'Y';
        assert.equal(rbac.check({ roles: [role] }, permission), want, `${role} ${permission}`);
      });
    }
  });

  test('grants outside the catalogue are warnings, not errors', () => {
    const warnings = new Rbac(policy).warnings();
    assert.equal(warnings.length, 17);
    assert.ok(warnings.includes('role `organization_admin` grants `org:manage`, '
      + 'which is not in the permission catalogue'));
  });

  test('the same policy as YAML, JSON text or the embedded default has one hash', () => {
    const hashes = [new Rbac(policy), new Rbac(JSON.stringify(policy)), new Rbac()]
      .map((rbac) => rbac.policyHash);
    assert.match(hashes[0], /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(new Set(hashes).size, 1);
  });

  test('YAML text is refused with a pointer to promptward/yaml', () => {
    const error = thrown(() => new Rbac(CONFIG_YAML));
    assert.equal(error.name, 'InvalidPolicy');
    assert.match(error.message, /parsePolicyText/);
  });
});

describe('explain', () => {
  const rbac = new Rbac({ rbac: {
    roles: {
      viewer: ['docs:read'],
      editor: { inherits: ['viewer'], permissions: ['docs:*'], deny: ['docs:delete'] },
    },
    users: { eve: { roles: ['editor'], permissions: ['reports:read:q3'] } },
  } });

  test('names the grant and role that allowed, with the role it came through', () => {
    assert.deepEqual(rbac.explain('eve', 'docs:write:x'), {
      allowed: true,
      kind: 'grant',
      reason: '`docs:write:x` is allowed by `docs:*` of role `editor`',
      grant: 'docs:*',
      role: 'editor',
      policyHash: rbac.policyHash,
    });
    // The most specific grant decides, wherever it comes from.
    const inherited = rbac.explain({ roles: ['editor'] }, 'docs:read');
    assert.deepEqual([inherited.grant, inherited.role, inherited.via],
      ['docs:read', 'viewer', 'editor']);
    assert.equal(inherited.reason,
      '`docs:read` is allowed by `docs:read` of role `viewer`, inherited through role `editor`');
    const own = rbac.explain('eve', 'reports:read:q3');
    assert.equal(own.reason,
      '`reports:read:q3` is allowed by the user\'s own grant `reports:read:q3`');
    assert.equal(own.role, undefined);
  });

  test('names the deny that decided', () => {
    const e = rbac.explain('eve', 'docs:delete');
    assert.deepEqual([e.allowed, e.kind, e.deny, e.role, e.grant],
      [false, 'deny', 'docs:delete', 'editor', undefined]);
    assert.equal(e.reason, '`docs:delete` is denied by the deny `docs:delete` of role `editor`');
  });

  test('says why nothing allowed', () => {
    assert.equal(rbac.explain('eve', 'users:view').kind, 'noGrant');
    assert.equal(rbac.explain('mallory', 'docs:read').reason, 'unknown user `mallory`');
    assert.equal(rbac.explain('eve', 'docs:*').kind, 'invalidRequest');
    const ghost = rbac.explain({ roles: ['ghost'] }, 'docs:read');
    assert.equal(ghost.reason, 'no grant covers `docs:read`; role `ghost` is not defined');
    const bad = rbac.explain({ roles: ['editor'], deny: ['docs:read '] }, 'docs:read');
    assert.equal(bad.kind, 'invalidSubject');
  });
});

describe('subjects', () => {
  const rbac = new Rbac();

  test('a session object: roles, own grants and denials; other properties ignored', () => {
    const session = { id: 7, email: 'x@example.com', roles: ['user_support'],
      grants: ['files:read:user42'], deny: ['users:support'] };
    assert.equal(rbac.check(session, 'users:view'), true);
    assert.equal(rbac.check(session, 'files:read:user42'), true);
    assert.equal(rbac.check(session, 'files:read:user43'), false);
    assert.equal(rbac.check(session, 'users:support'), false, 'its own deny wins');
    assert.deepEqual(rbac.permissionsOf(session),
      ['analytics:usage', 'conversations:view', 'files:read:user42', 'users:view']);
    assert.deepEqual(rbac.denialsOf(session), ['users:support']);
    assert.deepEqual(rbac.rolesOf({ roles: ['end_user', 'nope', 'end_user'] }), ['end_user']);
  });

  test('list entries are taken exactly: empty, NUL, commas and non-ASCII stay themselves', () => {
    const engine = new Rbac({ roles: { a: ['x:y'], b: ['u:v'], viewer: ['users:view'] } });
    for (const roles of [['a,b'], ['a\u0000b'], ['a\u0000'], [''], ['ä'], ['a '], [',a']]) {
      assert.equal(engine.check({ roles }, 'x:y'), false, JSON.stringify(roles));
      assert.deepEqual(engine.rolesOf({ roles }), []);
    }
    assert.equal(engine.check({ roles: ['', 'a', 'ä'] }, 'x:y'), true);
    assert.equal(engine.check({ roles: ['viewer'], grants: ['x:y\u0000'] }, 'users:view'), false);
    assert.equal(engine.explain({ grants: ['x:y\u0000'] }, 'x:y').kind, 'invalidSubject');
    assert.equal(engine.check({ grants: ['x:y', 'a:b'], deny: ['a:b'] }, 'a:b'), false);
    assert.equal(engine.check({ grants: ['x:y', 'a:b'], deny: ['a:b'] }, 'x:y'), true);
    assert.equal(engine.check({ roles: [], grants: [], deny: [] }, 'x:y'), false);
    assert.deepEqual(engine.rolesOf({ roles: ['b', 'a,b', 'a', 'nope', 'b'] }), ['a', 'b']);
    assert.equal(thrown(() => engine.check({ roles: [''], deny: 'x' }, 'x:y')).message,
      'check: subject.deny must be an array of strings');
    // A getter that shortens the list leaves no hole to read as the role `undefined`;
    // one that lengthens it adds nothing, past the limit or not.
    const withUndefined = new Rbac({ roles: { a: ['x:y'], undefined: ['secret:read'] } });
    const shrinking = ['a', 'b'];
    Object.defineProperty(shrinking, 0, { get() { shrinking.length = 1; return 'a'; } });
    assert.equal(thrown(() => withUndefined.check({ roles: shrinking }, 'secret:read')).message,
      'check: subject.roles must be an array of strings');
    const growing = ['a'];
    Object.defineProperty(growing, 0, {
      get() {
        for (let i = 0; i < 200_000; i += 1) growing.push('undefined');
        return 'a';
      },
    });
    assert.deepEqual(withUndefined.rolesOf({ roles: growing }), ['a']);
    withUndefined.free();
    const hostile = { roles: [], get grants() { throw new Error('no'); } };
    assert.equal(thrown(() => engine.check(hostile, 'x:y')).message,
      'check: subject.grants could not be read (reading it threw)');
    engine.free();
  });

  test('null, undefined and an empty object hold nothing', () => {
    for (const subject of [null, undefined, {}]) {
      assert.equal(rbac.check(subject, 'chat:use'), false);
      assert.deepEqual(rbac.permissionsOf(subject), []);
    }
  });

  test('a value of the wrong type is a TypeError naming it', () => {
    for (const subject of [42, true, ['end_user'], { roles: 'end_user' }, { grants: [1] }]) {
      const error = thrown(() => rbac.check(subject, 'chat:use'));
      assert.ok(error instanceof TypeError, String(error));
      assert.match(error.message, /^check: subject/);
    }
    assert.ok(thrown(() => rbac.check('u', 42)) instanceof TypeError);
    assert.ok(thrown(() => rbac.require('u')) instanceof TypeError);
  });
});

describe('require and guard', () => {
  test('require throws AccessDenied with the missing permission', () => {
    const rbac = new Rbac();
    rbac.require({ roles: ['end_user'] }, 'chat:use');
    const error = thrown(() => rbac.require({ roles: ['end_user'] }, 'users:delete'));
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'AccessDenied');
    assert.equal(error.code, 'AccessDenied');
    assert.equal(error.permission, 'users:delete');
    assert.equal(error.message, 'access denied: `users:delete` is required');
  });

  test('a guard in a request handler: 403 for AccessDenied, and it sees later changes', () => {
    const rbac = new Rbac();
    const canDelete = rbac.guard('users:delete');
    const handle = (request) => {
      try {
        canDelete(request.user);
        return 204;
      } catch (error) {
        if (error.name === 'AccessDenied') {
          return 403;
        }
        throw error;
      }
    };
    assert.equal(typeof canDelete, 'function');
    assert.equal(handle({ user: { roles: ['super_admin'] } }), 204);
    assert.equal(handle({ user: { roles: ['organization_admin'] } }), 403);
    assert.equal(handle({}), 403, 'no user at all');

    rbac.defineRole('organization_admin', { permissions: ['users:*'] });
    assert.equal(handle({ user: { roles: ['organization_admin'] } }), 204);
    rbac.assign('ops-bot', 'organization_admin');
    assert.equal(handle({ user: 'ops-bot' }), 204);
    rbac.revoke('ops-bot', 'organization_admin');
    assert.equal(handle({ user: 'ops-bot' }), 403);
    rbac.deleteRole('organization_admin');
    assert.equal(handle({ user: { roles: ['organization_admin'] } }), 403);

    const error = thrown(() => canDelete({ roles: ['end_user'] }));
    assert.equal(error.permission, 'users:delete');

    // Freed, the engine takes its policy with it: the guard refuses everyone.
    rbac.free();
    const freed = thrown(() => canDelete({ roles: ['super_admin'] }));
    assert.equal(freed.name, 'InternalError');
    assert.equal(freed.message, 'guard: its rbac engine was freed');
  });

  test('a guard for a malformed permission is refused when it is made', () => {
    const rbac = new Rbac();
    for (const permission of ['', 'users', 'users:*', 'a::b', 'a:b:c:d']) {
      const error = thrown(() => rbac.guard(permission));
      assert.equal(error.name, 'InvalidPermission', permission);
      assert.match(error.message, /required by a guard/);
    }
    assert.ok(thrown(() => rbac.guard(7)) instanceof TypeError);
  });
});

describe('changes are visible to the very next check', () => {
  test('defineRole, assign, revoke, deleteRole, defineUser, deleteUser', () => {
    const rbac = new Rbac({ rbac: {} });
    const before = rbac.policyHash;
    rbac.defineRole('viewer', { permissions: ['docs:read'] });
    rbac.defineRole('editor', { inherits: ['viewer'], permissions: ['docs:write'] });
    assert.equal(rbac.assign('ed', 'editor'), true);
    assert.equal(rbac.assign('ed', 'editor'), false, 'already held');
    assert.equal(rbac.check('ed', 'docs:read'), true);
    assert.notEqual(rbac.policyHash, before);

    rbac.defineRole('viewer', ['docs:list']);
    assert.equal(rbac.check('ed', 'docs:read'), false);
    assert.equal(rbac.check('ed', 'docs:list'), true);

    rbac.deleteRole('editor');
    assert.deepEqual(rbac.rolesOf('ed'), []);
    assert.equal(rbac.check('ed', 'docs:write'), false);
    assert.equal(thrown(() => rbac.assign('ed', 'editor')).name, 'UnknownRole');
    assert.equal(thrown(() => rbac.revoke('ed', 'Viewer')).name, 'UnknownRole');
    assert.equal(thrown(() => rbac.revoke('nobody', 'viewer')).name, 'UnknownUser');
    assert.equal(thrown(() => rbac.deleteRole('editor')).name, 'UnknownRole');

    rbac.defineUser('vi', ['viewer']);
    assert.equal(rbac.check('vi', 'docs:list'), true);
    assert.equal(rbac.deleteUser('vi'), true);
    assert.equal(rbac.check('vi', 'docs:list'), false);
  });

  test('cyclic inheritance and unknown roles name the roles; nothing changes', () => {
    const rbac = new Rbac({ roles: { a: [], b: { inherits: ['a'] } } });
    const hash = rbac.policyHash;
    const cycle = thrown(() => rbac.defineRole('a', { inherits: ['b'] }));
    assert.equal(cycle.name, 'CyclicInheritance');
    assert.equal(cycle.message, 'roles inherit from each other in a cycle: `a` -> `b` -> `a`');
    const unknown = thrown(() => rbac.defineRole('c', { inherits: ['ghost'] }));
    assert.equal(unknown.message, 'unknown role `ghost` (inherited by role `c`)');
    assert.equal(rbac.policyHash, hash);
  });
});

describe('bad input', () => {
  const rbac = new Rbac({ roles: { root: ['*'], viewer: ['users:view'] },
    users: { root: ['root'] } });
  const requests = ['', 'a::b', '*users:view', 'users:*view', 'a:b:c:d', 'users', 'users:*',
    '*', 'users:view:', 'usérs:view', '用户:view', 'users:view\u0000', 'users:view\n',
    'users:view\uD800', `users:${'v'.repeat(10 * 1024)}`, ':'.repeat(100_000)];

  test('malformed requests are denied, even to a holder of `*`, and never throw', () => {
    assert.equal(rbac.check('root', 'users:view'), true);
    for (const request of requests) {
      for (const subject of ['root', { roles: ['root'] }, 'nobody']) {
        assert.equal(rbac.check(subject, request), false, JSON.stringify(request).slice(0, 40));
        const e = rbac.explain(subject, request);
        assert.equal(e.kind, 'invalidRequest');
        assert.ok(e.reason.length < 300, 'a long permission is not echoed whole');
      }
    }
  });

  test('malformed grants in definitions and policies name the role and grant', () => {
    for (const [grant, why] of [['', 'it is empty'], ['a::b', 'its action is empty'],
      ['*users:view', 'mixes `*`'], ['a:b:c:d', 'it has 4 segments'], ['usérs:view', '`é`'],
      [`users:${'v'.repeat(10 * 1024)}`, 'over the limit of 256']]) {
      const error = thrown(() => new Rbac({ roles: { r: { permissions: [grant] } } }));
      assert.equal(error.name, 'InvalidPermission');
      assert.ok(error.message.includes('in role `r`') && error.message.includes(why),
        error.message);
      assert.ok(error.message.length < 300);
    }
  });

  test('wrong types in a YAML policy name the path', () => {
    for (const [yaml, message] of [
      ['roles: [a, b]', '`roles` must be an object, found an array'],
      ['roles: {a: {permissions: users:view}}', '`roles.a.permissions` must be an array'],
      ['roles: {a: {permissions: [1]}}', '`roles.a.permissions[0]` must be a string'],
      ['roles: {a: {denny: [x]}}', 'unknown key `roles.a.denny`'],
      ['rbac: {roles: {}, users: {u: {roles: viewer}}}', '`users.u.roles` must be an array'],
    ]) {
      const error = thrown(() => new Rbac(parsePolicyText(yaml)));
      assert.equal(error.name, 'InvalidPolicy', yaml);
      assert.ok(error.message.includes(message), error.message);
    }
    assert.ok(thrown(() => new Rbac(42)) instanceof TypeError);
    assert.equal(thrown(() => rbac.defineRole('x', 'a:b')).name, 'TypeError');
  });

  test('names with lone surrogates are refused; such a subject is nobody', () => {
    assert.equal(thrown(() => rbac.assign('bob\uD800', 'viewer')).name, 'InvalidName');
    rbac.assign('bob\uFFFD', 'viewer');
    assert.equal(rbac.check('bob\uFFFD', 'users:view'), true);
    assert.equal(rbac.check('bob\uD800', 'users:view'), false);
  });

  test('names of any alphabet and length decide alike, before and after memory grows', () => {
    const long = 'u'.repeat(250);
    const names = ['alice', 'josé', '用户', long, `${long.slice(2)}é`];
    const policy = { roles: { viewer: ['users:view', `files:${'r'.repeat(240)}`] },
      users: Object.fromEntries(names.map((name) => [name, ['viewer']])) };
    const engine = new Rbac(policy);
    const decide = () => {
      for (const name of names) {
        assert.equal(engine.check(name, 'users:view'), true, name.slice(0, 8));
        assert.equal(engine.check(name, 'users:delete'), false, name.slice(0, 8));
        assert.equal(engine.check(name, `files:${'r'.repeat(240)}`), true);
        assert.equal(engine.check(name, `files:${'r'.repeat(2_000)}`), false);
        engine.require(name, 'users:view');
        const error = thrown(() => engine.require(name, 'users:delete'));
        assert.equal(error.name, 'AccessDenied');
        assert.equal(error.permission, 'users:delete');
      }
      assert.equal(engine.check('alicé', 'users:view'), false);
      assert.equal(engine.check('alic', 'users:view'), false);
    };
    decide();
    // Growing wasm memory replaces its buffer; checks must read the new one.
    const roles = {};
    for (let i = 0; i < 50_000; i += 1) {
      roles[`role${i}`] = [`res${i}:view`];
    }
    const grown = new Rbac({ roles });
    decide();
    grown.free();
    assert.equal(thrown(() => engine.check('alice', 42)).name, 'TypeError');
    assert.equal(thrown(() => engine.require(42, 'users:view')).name, 'TypeError');
    engine.free();
  });

  test('a check that runs out of stack fails alone; the checks after it answer', () => {
    const engine = new Rbac({ roles: { all: ['docs:*'] }, users: { alice: ['all'] } });
    // Each level, on its way back, checks with almost no stack left.
    const dive = (depth) => {
      try {
        dive(depth + 1);
      } catch (error) {
        try {
          engine.check('alice', 'docs:read');
        } catch {
          // Out of stack here too: this check fails, as it may.
        }
        if (depth > 0) throw error;
      }
    };
    dive(0);
    assert.equal(engine.check('alice', 'docs:read'), true);
    assert.equal(engine.check('alice', 'docs:delete:x'), true);
    assert.equal(engine.check('bob', 'docs:read'), false);
    engine.require('alice', 'docs:read');
  });

  test('a hundred thousand roles load and check without delay', () => {
    const roles = {};
    for (let i = 0; i < 100_000; i += 1) {
      roles[`role${i}`] = [`res${i % 97}:act${i % 89}:s${i}`];
    }
    const big = new Rbac({ roles });
    assert.equal(big.roleNames().length, 100_000);
    assert.equal(big.check({ roles: ['role99999'] }, `res${99_999 % 97}:act${99_999 % 89}:s99999`),
      true);
    assert.equal(big.check({ roles: ['role99999'] }, 'res0:act0:s0'), false);
  });
});

test('the CommonJS entry has the same Rbac', () => {
  const require = createRequire(import.meta.url);
  const cjs = require('../../pkg/promptward.cjs');
  const rbac = new cjs.Rbac();
  assert.equal(rbac.policyHash, new Rbac().policyHash);
  assert.equal(rbac.check({ roles: ['end_user'] }, 'chat:use'), true);
});
