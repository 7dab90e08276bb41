// `promptward rbac` over the built package: decisions and exit codes, --json, lists,
// validation, the embedded default policy and bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'cli/main.mjs');
const SHIPPED = 'tests/data/policy/rbac-config.yaml';
const TMP = mkdtempSync(join(tmpdir(), 'promptward-cli-rbac-'));

/** Runs `promptward rbac ...` (node cli/main.mjs) from the repo root. */
function rbac(...args) {
  const run = spawnSync(process.execPath, [MAIN, 'rbac', ...args], { cwd: ROOT,
    encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function tempFile(name, content) {
  const path = join(TMP, name);
  writeFileSync(path, content);
  return path;
}

const TEAM = tempFile('team.yaml', `rbac:
  roles:
    viewer:
      permissions: ["docs:read", "reports:view:*"]
    editor:
      inherits: [viewer]
      permissions: ["docs:*"]
      deny: ["docs:delete", "docs:*:legal"]
  users:
    eve: { roles: [editor], permissions: ["reports:export:q3"] }
`);

describe('rbac check', () => {
  test('allowed: exit 0, with the grant and role that decided', () => {
    const run = rbac('check', '--policy', TEAM, '--roles', 'editor', 'docs:read:public');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout,
      'allow: `docs:read:public` is allowed by `docs:read` of role `viewer`, '
      + 'inherited through role `editor`\n');
  });

  test('denied: exit 1, naming the deny or saying nothing granted', () => {
    const denied = rbac('check', '--policy', TEAM, '--roles', 'editor', 'docs:delete');
    assert.equal(denied.status, 1, denied.stderr);
    assert.equal(denied.stdout,
      'deny: `docs:delete` is denied by the deny `docs:delete` of role `editor`\n');
    const scoped = rbac('check', '--policy', TEAM, '-r', 'editor', 'docs:edit:legal');
    assert.equal(scoped.status, 1);
    assert.match(scoped.stdout, /^deny: .* the deny `docs:\*:legal` of role `editor`\n$/);
    const nothing = rbac('check', '--policy', TEAM, '--roles', 'viewer', 'docs:write');
    assert.equal(nothing.status, 1);
    assert.equal(nothing.stdout, 'deny: no grant covers `docs:write`\n');
  });

  test('--json prints {allowed, reason}', () => {
    const run = rbac('check', '--policy', TEAM, '--roles', 'viewer', '--json', 'reports:view:q1');
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { allowed: true,
      reason: '`reports:view:q1` is allowed by `reports:view` of role `viewer`' });
    const denied = rbac('check', '--policy', TEAM, '--roles', 'viewer', '--json', 'x:y');
    assert.equal(denied.status, 1);
    assert.deepEqual(JSON.parse(denied.stdout),
      { allowed: false, reason: 'no grant covers `x:y`' });
  });

  test('--grant adds the subject\'s own grants; roles may be listed or repeated', () => {
    const run = rbac('check', '--policy', TEAM, '--roles', 'viewer', '--grant', 'files:*:team7',
      'files:upload:team7');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout,
      'allow: `files:upload:team7` is allowed by the subject\'s own grant `files:*:team7`\n');
    assert.equal(rbac('check', '--policy', TEAM, '-g', 'files:*:team7', 'files:upload').status, 1);
    for (const roles of [['--roles', 'viewer,editor'], ['-r', 'viewer', '-r', 'editor']]) {
      assert.equal(rbac('check', '--policy', TEAM, ...roles, 'docs:write').status, 0);
    }
  });

  test('--user checks a user of the policy', () => {
    const run = rbac('check', '--policy', TEAM, '--user', 'eve', 'reports:export:q3');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout,
      'allow: `reports:export:q3` is allowed by the user\'s own grant `reports:export:q3`\n');
    const unknown = rbac('check', '--policy', TEAM, '--user', 'mallory', 'docs:read');
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stderr, `promptward: unknown user \`mallory\` in policy ${TEAM}\n`);
  });

  test('without --policy, the embedded default policy (the platform\'s roles)', () => {
    const admin = rbac('check', '--roles', 'super_admin', 'users:impersonate');
    assert.equal(admin.status, 0, admin.stderr);
    assert.equal(admin.stdout,
      'allow: `users:impersonate` is allowed by `users:*` of role `super_admin`\n');
    assert.equal(rbac('check', '--roles', 'end_user', 'users:view').status, 1);
    const shipped = rbac('check', '--policy', SHIPPED, '--roles', 'organization_admin',
      'org:manage');
    assert.equal(shipped.status, 0, shipped.stderr);
  });

  test('typos and malformed input are errors (exit 2), never a decision', () => {
    const cases = [
      [['--roles', 'Viewer', 'docs:read'],
        /^promptward: unknown role 'Viewer'; the policy defines: editor, viewer\n/],
      [['--roles', 'viewer', 'docs::read'],
        /^promptward: malformed permission `docs::read`: its action is empty\n/],
      [['--roles', 'viewer', 'docs:*'],
        /^promptward: malformed permission `docs:\*`: a checked permission cannot contain `\*`/],
      [['--roles', 'viewer', '--grant', '*docs:read', 'docs:read'],
        /^promptward: the subject's grant `\*docs:read` is malformed: its resource mixes `\*`/],
      [['--user', 'eve', '--roles', 'viewer', 'docs:read'], /give either --user or --roles/],
      [['docs:read'], /no subject: give --roles, --grant or --user/],
      [['--roles', 'viewer'], /check takes one permission/],
      [['--roles', 'viewer', 'a:b', 'c:d'], /check takes one permission/],
      [['--role', 'viewer', 'docs:read'], /Unknown option '--role'/],
    ];
    for (const [args, message] of cases) {
      const run = rbac('check', '--policy', TEAM, ...args);
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
    }
    const long = rbac('check', '--policy', TEAM, '--roles', 'viewer', `docs:${'r'.repeat(10_000)}`);
    assert.equal(long.status, 2);
    assert.ok(long.stderr.length < 300, 'a long permission is not echoed whole');
  });
});

describe('rbac list', () => {
  test('the effective grants, one per line, then the denials', () => {
    const run = rbac('list', '--policy', TEAM, '--roles', 'editor');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'docs:*\ndocs:read\nreports:view\ndeny docs:*:legal\n'
      + 'deny docs:delete\n');
    const user = rbac('list', '--policy', TEAM, '--user', 'eve');
    assert.equal(user.stdout.split('\n')[2], 'reports:export:q3');
  });

  test('--json: roles, permissions and denials', () => {
    const run = rbac('list', '--roles', 'billing_manager,end_user', '--grant', 'x:y', '--json');
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), {
      roles: ['billing_manager', 'end_user'],
      permissions: ['analytics:billing', 'billing:create', 'billing:update', 'billing:view',
        'chat:use', 'conversations:manage', 'files:upload', 'models:use', 'users:billing', 'x:y'],
      denials: [],
    });
  });

  test('unknown roles and malformed grants are errors', () => {
    assert.equal(rbac('list', '--roles', 'admin').status, 2);
    const bad = rbac('list', '--grant', 'a:b:c:d');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^promptward: the subject's grant `a:b:c:d` is malformed: it has 4/);
  });
});

describe('rbac validate', () => {
  test('a valid policy: exit 0, role count, hash, and each warning', () => {
    const run = rbac('validate', '--policy', SHIPPED);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0],
      new RegExp(`^policy ${SHIPPED}: valid \\(6 roles, 17 warnings, sha256:[0-9a-f]{64}\\)$`));
    assert.equal(lines.length, 18);
    assert.ok(lines.includes('warning: role `organization_admin` grants `org:manage`, '
      + 'which is not in the permission catalogue'));
  });

  test('--strict fails on warnings; --json', () => {
    assert.equal(rbac('validate', '--policy', SHIPPED, '--strict').status, 1);
    assert.equal(rbac('validate', '--policy', TEAM, '--strict').status, 0);
    const run = rbac('validate', '--json');
    const result = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(result), ['valid', 'roles', 'warnings', 'policyHash']);
    assert.equal(result.warnings.length, 17);
    const embedded = rbac('validate', '--policy', SHIPPED, '--json');
    assert.equal(JSON.parse(embedded.stdout).policyHash, result.policyHash,
      'the embedded default carries the shipped roles');
  });

  test('errors exit 2 and name the file, role and grant', () => {
    const cases = [
      ['roles:\n  r: ["users::view"]\n',
        'InvalidPermission: invalid permission `users::view` in role `r`: its action is empty'],
      ['roles:\n  a: {inherits: [b]}\n  b: {inherits: [a]}\n',
        'CyclicInheritance: roles inherit from each other in a cycle: `a` -> `b` -> `a`'],
      ['roles:\n  a: {inherits: [ghost]}\n',
        'UnknownRole: unknown role `ghost` (inherited by role `a`)'],
      ['roles:\n  a: {permissions: "users:view"}\n',
        'InvalidPolicy: `roles.a.permissions` must be an array of strings, found a string'],
      ['roles: [viewer]\n', 'InvalidPolicy: `roles` must be an object, found an array'],
    ];
    cases.forEach(([yaml, message], i) => {
      const path = tempFile(`bad-${i}.yaml`, yaml);
      const run = rbac('validate', '--policy', path);
      assert.equal(run.status, 2, yaml);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `promptward: policy ${path}: ${message}\n`);
    });
    const syntax = rbac('validate', '--policy', tempFile('syntax.yaml', 'roles: [a\n'));
    assert.equal(syntax.status, 2);
    assert.match(syntax.stderr, /neither JSON nor YAML.*line \d+, column \d+/);
    const missing = rbac('validate', '--policy', join(TMP, 'missing.yaml'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*missing\.yaml: no such file/);
  });
});

describe('rbac usage', () => {
  test('--help lists the commands; no or an unknown command is exit 2', () => {
    const help = rbac('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: promptward rbac <command>/);
    for (const command of ['check', 'list', 'validate']) {
      assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
      const sub = rbac(command, '--help');
      assert.equal(sub.status, 0);
      assert.match(sub.stdout, new RegExp(`^usage: promptward rbac ${command}`));
    }
    assert.equal(rbac().status, 2);
    const unknown = rbac('grant');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^promptward: unknown rbac command 'grant'/);
  });
});
