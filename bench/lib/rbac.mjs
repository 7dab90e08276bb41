// RBAC checks from JavaScript: the module's `Rbac.check` against CASL
// (@casl/ability) and casbin on the same policy at 10, 1,000 and 100,000 grants.
//
// The policy: grants `res<i>:<action>`, ten to a role; the checked user holds one
// role in ten, so the user's own grants grow with the policy (1, 100 and 10,000
// roles' worth). CASL gets the user's grants as rules of one ability (CASL has no
// roles); casbin gets the RBAC model of its documentation (`g(r.sub, p.sub)`) with
// every grant as a policy line and the user's roles as `g` lines. Every engine must
// answer the same request list (half allowed, half denied) identically first.
import { createMongoAbility } from '@casl/ability';
import { newEnforcer, newModelFromString, StringAdapter } from 'casbin';

import { createRandom } from './random.mjs';
import { calibrate, interleave, ratio, scaled, summary, timeNs } from './timing.mjs';

const ACTIONS = ['view', 'create', 'update', 'delete', 'export'];
const GRANTS_PER_ROLE = 10;
const REQUESTS = 64;

const CASBIN_MODEL = `
[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act
`;

/** The policy at `size` grants, the user's roles, and a list of requests. */
function makePolicy(size) {
  const random = createRandom(`rbac:${size}`);
  const roles = {};
  const roleCount = Math.max(1, size / GRANTS_PER_ROLE);
  for (let k = 0; k < size; k += 1) {
    const role = `role${Math.floor(k / GRANTS_PER_ROLE)}`;
    const grant = [`res${Math.floor(k / ACTIONS.length)}`, ACTIONS[k % ACTIONS.length]];
    (roles[role] ??= []).push(grant);
  }
  const mine = Object.keys(roles).filter((_, i) => i % 10 === 0);
  const mineSet = new Set(mine);
  const others = Object.keys(roles).filter((r) => !mineSet.has(r));

  const requests = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    if (i % 2 === 0) {
      requests.push(random.pick(roles[random.pick(mine)]));
    } else if (others.length > 0) {
      requests.push(random.pick(roles[random.pick(others)]));
    } else {
      requests.push([`res${size + random.int(0, 99)}`, random.pick(ACTIONS)]);
    }
  }
  return { roles, roleCount, mine, requests };
}

function moduleEngine(Rbac, policy) {
  const roles = Object.fromEntries(Object.entries(policy.roles)
    .map(([name, grants]) => [name, { permissions: grants.map((g) => g.join(':')) }]));
  const rbac = new Rbac({ rbac: { roles, users: { alice: { roles: policy.mine } } } });
  const permissions = policy.requests.map((r) => r.join(':'));
  return { check: (i) => rbac.check('alice', permissions[i]), free: () => rbac.free() };
}

function caslEngine(policy) {
  const rules = policy.mine.flatMap((role) => policy.roles[role])
    .map(([subject, action]) => ({ action, subject }));
  const ability = createMongoAbility(rules);
  const requests = policy.requests;
  return { check: (i) => ability.can(requests[i][1], requests[i][0]), free: () => {} };
}

async function casbinEngine(policy) {
  const lines = [];
  for (const [role, grants] of Object.entries(policy.roles)) {
    for (const [obj, act] of grants) {
      lines.push(`p, ${role}, ${obj}, ${act}`);
    }
  }
  for (const role of policy.mine) {
    lines.push(`g, alice, ${role}`);
  }
  const enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL),
    new StringAdapter(lines.join('\n')));
  const requests = policy.requests;
  return {
    check: (i) => enforcer.enforceSync('alice', requests[i][0], requests[i][1]),
    free: () => {},
  };
}

/** Checks every engine answers every request as the module does; throws if not. */
function checkAgreement(size, policy, engines) {
  for (let i = 0; i < policy.requests.length; i += 1) {
    const want = engines.module.check(i);
    if (want !== (i % 2 === 0)) {
      throw new Error(`rbac at ${size} grants: the module answers ${want} for request ${i}`);
    }
    for (const [name, engine] of Object.entries(engines)) {
      if (engine.check(i) !== want) {
        throw new Error(`rbac at ${size} grants: ${name} and the module differ on `
          + `${policy.requests[i].join(':')}`);
      }
    }
  }
}

/** A contender checking the requests in turn; ns per check. */
function cycling(check, targetNs) {
  let next = 0;
  const one = () => {
    check(next);
    next = (next + 1) % REQUESTS;
  };
  const n = calibrate(one, targetNs);
  return async () => timeNs(() => {
    for (let i = 0; i < n; i += 1) {
      one();
    }
  }) / n;
}

/** Checks per second at each size; ratios of the module against CASL and casbin. */
export async function rbacBench(pkg, plan, log) {
  const sizes = {};
  for (const size of [10, 1_000, 100_000]) {
    log(`rbac: ${size.toLocaleString('en')} grants`);
    const policy = makePolicy(size);
    const build = {};
    const engines = {};
    for (const [name, make] of [['module', () => moduleEngine(pkg.Rbac, policy)],
      ['casl', () => caslEngine(policy)], ['casbin', () => casbinEngine(policy)]]) {
      const start = process.hrtime.bigint();
      engines[name] = await make();
      build[name] = Number(process.hrtime.bigint() - start) / 1e6;
    }
    checkAgreement(size, policy, engines);
    const contenders = Object.fromEntries(Object.entries(engines)
      .map(([name, engine]) => [name, cycling(engine.check, plan.batchNs / 4)]));
    const samples = await interleave(plan.rounds, contenders);
    const figures = { roles: policy.roleCount, userRoles: policy.mine.length, buildMs: build };
    for (const [name, ns] of Object.entries(samples)) {
      figures[name] = { ns: summary(ns), perS: summary(ns.map((t) => 1e9 / t)) };
    }
    figures.ratioVsCasl = ratio(samples.casl, samples.module);
    figures.ratioVsCasbin = ratio(samples.casbin, samples.module);
    sizes[size] = figures;
    engines.module.free();
  }
  const worst = (key) => Math.min(...Object.values(sizes).map((f) => f[key].median));
  return {
    sizes,
    // The headline ratios are the worst size's: "ahead at every size".
    ratioVsCasl: worst('ratioVsCasl'),
    ratioVsCasbin: worst('ratioVsCasbin'),
    costRatio100kVs10: sizes[100_000].module.ns.median / sizes[10].module.ns.median,
    us: scaled(sizes[10].module.ns, 1e-3),
  };
}
