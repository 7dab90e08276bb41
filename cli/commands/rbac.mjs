// `promptward rbac check | list | validate`: access decisions over the built package.
import { parseCommandArgs } from '../lib/args.mjs';
import { CliError } from '../lib/errors.mjs';
import { loadPolicy, loadPromptward } from '../lib/package.mjs';

const SUBJECT = '[--roles R1,R2] [--grant PERM]... | --user NAME';

const USAGE = `usage: promptward rbac <command> [options]

commands:
  check [--policy FILE] ${SUBJECT} [--json] PERMISSION
        allow or deny, and what decided: the grant and role, or the deny
  list [--policy FILE] ${SUBJECT} [--json]
        the effective grants, one per line, then any denials as 'deny GRANT'
  validate [--policy FILE] [--strict] [--json]
        load the policy; print its warnings (grants outside the catalogue, unused keys)

The subject is a set of roles (--roles, comma-separated, may repeat) and its own
grants (--grant, may repeat), or a user the policy defines (--user). A permission is
resource:action[:scope]; grants may use '*' for a whole segment. A policy FILE is JSON
or YAML; without one the embedded default policy applies.
Exit status: 0 allowed (validate: loads), 1 denied (validate --strict: warnings),
2 usage, policy or input error.`;

const POLICY = { policy: { type: 'string', short: 'p' } };
const SUBJECT_OPTIONS = {
  roles: { type: 'string', short: 'r', multiple: true },
  grant: { type: 'string', short: 'g', multiple: true },
  user: { type: 'string', short: 'u' },
};
const JSON_FLAG = { json: { type: 'boolean' } };

const SUBCOMMANDS = {
  check: {
    usage: `promptward rbac check [--policy FILE] ${SUBJECT} [--json] PERMISSION`,
    options: { ...POLICY, ...SUBJECT_OPTIONS, ...JSON_FLAG },
    run: check,
  },
  list: {
    usage: `promptward rbac list [--policy FILE] ${SUBJECT} [--json]`,
    options: { ...POLICY, ...SUBJECT_OPTIONS, ...JSON_FLAG },
    run: list,
  },
  validate: {
    usage: 'promptward rbac validate [--policy FILE] [--strict] [--json]',
    options: { ...POLICY, strict: { type: 'boolean' }, ...JSON_FLAG },
    run: validate,
  },
};

/** Runs `promptward rbac <command> ...`; returns the exit code. */
export async function run(args) {
  const [name, ...rest] = args;
  if (name === undefined) {
    throw new CliError(`no rbac command given\n${USAGE}`);
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = SUBCOMMANDS[name];
  if (command === undefined) {
    throw new CliError(`unknown rbac command '${name}'\n${USAGE}`);
  }
  const usage = `usage: ${command.usage}`;
  const parsed = parseCommandArgs(rest, command.options, usage);
  if (parsed === null) {
    return 0;
  }
  return command.run(parsed.values, parsed.positionals, usage);
}

async function check(values, positionals, usage) {
  if (positionals.length !== 1) {
    throw new CliError(`check takes one permission\n${usage}`);
  }
  const [permission] = positionals;
  const rbac = await createRbac(values.policy);
  const subject = subjectOf(rbac, values, usage);
  const explanation = rbac.explain(subject, permission);
  if (explanation.kind === 'invalidRequest') {
    throw new CliError(explanation.reason);
  }
  refuseBadSubject(explanation, values.policy);
  const { allowed, reason } = explanation;
  const output = values.json ? JSON.stringify({ allowed, reason })
    : `${allowed ? 'allow' : 'deny'}: ${reason}`;
  process.stdout.write(`${output}\n`);
  return allowed ? 0 : 1;
}

async function list(values, positionals, usage) {
  if (positionals.length > 0) {
    throw new CliError(`unexpected argument '${positionals[0]}'\n${usage}`);
  }
  const rbac = await createRbac(values.policy);
  const subject = subjectOf(rbac, values, usage);
  // A malformed --grant makes the subject invalid: say which, rather than list nothing.
  refuseBadSubject(rbac.explain(subject, 'any:permission'), values.policy);
  const permissions = rbac.permissionsOf(subject);
  const denials = rbac.denialsOf(subject);
  if (values.json) {
    const roles = rbac.rolesOf(subject);
    process.stdout.write(`${JSON.stringify({ roles, permissions, denials })}\n`);
    return 0;
  }
  const lines = [...permissions, ...denials.map((grant) => `deny ${grant}`)];
  process.stdout.write(lines.map((line) => `${line}\n`).join(''));
  return 0;
}

async function validate(values, positionals, usage) {
  if (positionals.length > 0) {
    throw new CliError(`unexpected argument '${positionals[0]}'\n${usage}`);
  }
  const rbac = await createRbac(values.policy);
  const name = policyName(values.policy);
  const warnings = rbac.warnings();
  const roles = rbac.roleNames().length;
  if (values.json) {
    const result = { valid: true, roles, warnings, policyHash: rbac.policyHash };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const counted = `${roles} role${roles === 1 ? '' : 's'}, ${warnings.length} `
      + `warning${warnings.length === 1 ? '' : 's'}`;
    const lines = [`${name}: valid (${counted}, ${rbac.policyHash})`,
      ...warnings.map((warning) => `warning: ${warning}`)];
    process.stdout.write(lines.map((line) => `${line}\n`).join(''));
  }
  return values.strict && warnings.length > 0 ? 1 : 0;
}

function policyName(path) {
  return path === undefined ? 'the embedded default policy' : `policy ${path}`;
}

/** The Rbac of the policy at `path` (or the embedded default); errors name the file. */
async function createRbac(path) {
  const { Rbac } = await loadPromptward();
  const policy = await loadPolicy(path);
  try {
    return new Rbac(policy);
  } catch (error) {
    const code = error.code ?? error.name;
    throw new CliError(`${policyName(path)}: ${code}: ${error.message}`);
  }
}

/** Turns a decision about an unknown user or a malformed --grant into an error. */
function refuseBadSubject(explanation, path) {
  const { kind, reason } = explanation;
  if (kind === 'unknownUser') {
    throw new CliError(`${reason} in ${policyName(path)}`);
  }
  if (kind === 'invalidSubject') {
    // `<permission>` is denied: the subject's grant `<grant>` is malformed: <why>
    const marker = ' is denied: ';
    throw new CliError(reason.slice(reason.indexOf(marker) + marker.length));
  }
}

/**
 * The subject of --user, or of --roles and --grant. Roles the policy does not define
 * are a usage error here (a typo), though the engine would only deny them.
 */
function subjectOf(rbac, values, usage) {
  const roles = (values.roles ?? []).flatMap((list) => list.split(','))
    .map((role) => role.trim()).filter((role) => role !== '');
  const grants = values.grant ?? [];
  if (values.user !== undefined) {
    if (roles.length > 0 || grants.length > 0) {
      throw new CliError(`give either --user or --roles/--grant, not both\n${usage}`);
    }
    return values.user;
  }
  if (roles.length === 0 && grants.length === 0) {
    throw new CliError(`no subject: give --roles, --grant or --user\n${usage}`);
  }
  const defined = new Set(rbac.roleNames());
  const unknown = roles.filter((role) => !defined.has(role));
  if (unknown.length > 0) {
    const names = unknown.map((role) => `'${role}'`).join(', ');
    const known = [...defined].join(', ') || '(none)';
    throw new CliError(`unknown role${unknown.length === 1 ? '' : 's'} ${names}; `
      + `the policy defines: ${known}`);
  }
  return { roles, grants };
}
