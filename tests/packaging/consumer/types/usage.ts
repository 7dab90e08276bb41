// The package's types as an ES module sees them (promptward.d.ts): TOTP, RBAC and the
// yaml helper (Scanner: usage-dlp.ts). Compiled with `tsc --noEmit --strict`; each
// `@ts-expect-error` fails the build if its line compiles, as it would were the values
// typed `any`.
import {
  generateBackupCodes, generateSecret, Rbac, Scanner, Totp, verifyBackupCode,
} from 'promptward';
import type { AccessDeniedError, RbacExplanation } from 'promptward';
import { parsePolicyText } from 'promptward/yaml';

// Policies read by the yaml helper go to any engine's constructor.
const policy: Record<string, unknown> = parsePolicyText('dlp:\n  useDefaults: true\n');
const fromYaml = new Scanner(policy);
// @ts-expect-error the helper takes the policy text
parsePolicyText({ dlp: {} });

// TOTP under the embedded default policy.
const totp = new Totp();
const secret: string = generateSecret();
const code: string = totp.code(secret, { time: 59 });
const check = totp.verify(secret, code, { time: 59, window: 1 });
const steps: number[] = check === null ? [] : [check.step, check.delta];
// @ts-expect-error verification answers null for a wrong code
void totp.verify(secret, code).step;
// @ts-expect-error the window is a number
void totp.verify(secret, code, { window: 'wide' });
const algorithm: 'SHA1' | 'SHA256' | 'SHA512' = totp.config.algorithm;
const enrolment = totp.enrol({ account: 'jane@example.com', issuer: 'Acme' });
const shown: string[] = [enrolment.uri, enrolment.qrSvg, enrolment.secret, algorithm];
// @ts-expect-error enrolment needs an account
void totp.enrol({ issuer: 'Acme' });
const backup = generateBackupCodes({ count: 5 });
const used = verifyBackupCode(backup.store, backup.codes[0]);
const remaining: number = used.remaining;
// @ts-expect-error the store is JSON text, not an object
const store: object = used.store;

// RBAC: a policy, checks for users and for session subjects, explanations, a guard.
const rbac = new Rbac({
  rbac: {
    roles: { member: { permissions: ['chat:send'] }, admin: { inherits: ['member'] } },
    users: { alice: ['admin'] },
  },
});
const allowed: boolean[] = [rbac.check('alice', 'chat:send'),
  rbac.check({ roles: ['member'], grants: ['files:read'] }, 'files:read')];
const why: RbacExplanation = rbac.explain('alice', 'chat:send');
const decided: string[] = [why.kind, why.reason, why.role ?? '', why.policyHash];
// @ts-expect-error a decision kind is one of a few names
const kind: 'maybe' = why.kind;
// @ts-expect-error a subject's roles are strings
rbac.check({ roles: [1] }, 'chat:send');
const guard = rbac.guard('chat:send');
try {
  guard('alice');
} catch (error) {
  const denied = error as AccessDeniedError;
  decided.push(denied.permission, denied.code);
}

export { allowed, decided, fromYaml, kind, remaining, shown, steps, store };
