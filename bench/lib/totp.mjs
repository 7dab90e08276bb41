// TOTP verification from JavaScript: the module's `Totp.verify` against otpauth
// (npm, on Node's native HMAC), same secret, SHA1, 6 digits, 30 s, window 1. A
// right code is found at the current step; a wrong one costs the whole window.
import * as OTPAuth from 'otpauth';

import { batch, calibrate, interleave, ratio, scaled, summary } from './timing.mjs';

/** The RFC 6238 test secret ("12345678901234567890"), in base32. */
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
/** A fixed time (Unix seconds), so every run checks the same codes. */
const TIME = 1_700_000_000;

/** Checks the two sides agree on codes and verdicts; throws naming what differs. */
function checkAgreement(totp, other) {
  for (const time of [59, 1_111_111_109, 1_234_567_890, 2_000_000_000, TIME]) {
    const theirs = other.generate({ timestamp: time * 1000 });
    const ours = totp.code(SECRET, { time });
    if (ours !== theirs) {
      throw new Error(`TOTP codes differ at time ${time}: module and otpauth disagree`);
    }
    const accepted = totp.verify(SECRET, theirs, { time: time + 30 });
    const delta = other.validate({ token: ours, timestamp: (time + 30) * 1000, window: 1 });
    if (accepted === null || accepted.delta !== delta) {
      throw new Error(`TOTP verification differs at time ${time}`);
    }
  }
}

/** Verifications per second, module vs otpauth, for a right and a wrong code. */
export async function totpBench(pkg, rounds, targetNs) {
  const totp = new pkg.Totp({ totp: { algorithm: 'SHA1', digits: 6, period: 30, window: 1 } });
  const other = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(SECRET), algorithm: 'SHA1', digits: 6, period: 30,
  });
  checkAgreement(totp, other);

  const right = other.generate({ timestamp: TIME * 1000 });
  const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
  const works = {};
  for (const [kind, token] of [['right', right], ['wrong', wrong]]) {
    works[`module:${kind}`] = () => totp.verify(SECRET, token, { time: TIME });
    works[`otpauth:${kind}`] = () => other.validate({ token, timestamp: TIME * 1000, window: 1 });
  }
  const contenders = Object.fromEntries(Object.entries(works)
    .map(([name, work]) => [name, batch(work, calibrate(work, targetNs))]));
  const samples = await interleave(rounds, contenders);
  const figures = {};
  for (const kind of ['right', 'wrong']) {
    const m = samples[`module:${kind}`];
    const o = samples[`otpauth:${kind}`];
    figures[kind] = {
      module: { us: scaled(summary(m), 1e-3), perS: summary(m.map((ns) => 1e9 / ns)) },
      otpauth: { us: scaled(summary(o), 1e-3), perS: summary(o.map((ns) => 1e9 / ns)) },
      ratioVsOtpauth: ratio(o, m),
    };
  }
  totp.free();
  return figures;
}
