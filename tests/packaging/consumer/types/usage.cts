// The package's types as a CommonJS module sees them (`require` condition:
// promptward.d.cts and yaml.d.cts). Scanner: usage-dlp.cts.
import { Rbac, Totp } from 'promptward';
import { parsePolicyText } from 'promptward/yaml';

const policy = parsePolicyText('rbac:\n  roles: {}\n');
const check = new Totp().verify('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', '287082', { time: 59 });
const delta: number | undefined = check?.delta;

const allowed: boolean = new Rbac(policy).check('alice', 'chat:send');
// @ts-expect-error a check answers a boolean
const count: number = new Rbac(policy).check('alice', 'chat:send');

export = { allowed, count, delta };
