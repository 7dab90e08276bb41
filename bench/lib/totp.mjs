// TOTP verification from JavaScript: the module's `Totp.verify` against otplib (npm,
// its default pure-JS crypto) and otpauth (npm, on Node's native HMAC): the same
// secret, SHA1, 6 digits, 30 s, window 1. A right code is found at the current step;
// a wrong one costs the whole window.
import * as otplib from 'otplib';
import * as OTPAuth from 'otpauth';

import { batch, calibrate, interleave, ratio, scaled, summary } from './timing.mjs';

/** The RFC 6238 test secret ("12345678901234567890"), in base32. */
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
/** A fixed time (Unix seconds), so every run checks the same codes. */
const TIME = 1_700_000_000;
/** The two libraries, each as the code at a time and the window delta of a token. */
const BASELINES = {
  otplib: {
    code: (time) => otplib.generateSync({ secret: SECRET, epoch: time }),
    delta: (token, time) => {
      const result = otplib.verifySync({ secret: SECRET, token, epoch: time, epochTolerance: 30 });
      return result.valid ? result.delta : null;
    },
  },
  otpauth: (() => {
    const totp = new OTPAuth.TOTP({
      secret: OTPAuth.Secret.fromBase32(SECRET), algorithm: 'SHA1', digits: 6, period: 30,
    });
    return {
      code: (time) => totp.generate({ timestamp: time * 1000 }),
      delta: (token, time) => totp.validate({ token, timestamp: time * 1000, window: 1 }),
    };
  })(),
};

/** Checks every side agrees on codes and verdicts; throws naming what differs. */
function checkAgreement(totp) {
  for (const [name, other] of Object.entries(BASELINES)) {
    for (const time of [59, 1_111_111_109, 1_234_567_890, 2_000_000_000, TIME]) {
      const theirs = other.code(time);
      const ours = totp.code(SECRET, { time });
      if (ours !== theirs) {
        throw new Error(`TOTP codes differ at time ${time}: module and ${name} disagree`);
      }
      const accepted = totp.verify(SECRET, theirs, { time: time + 30 });
      if (accepted === null || accepted.delta !== other.delta(ours, time + 30)) {
        throw new Error(`TOTP verification differs at time ${time}: module and ${name}`);
      }
      const wrong = String((Number(ours) + 1) % 1_000_000).padStart(6, '0');
      if (totp.verify(SECRET, wrong, { time }) !== null || other.delta(wrong, time) !== null) {
        throw new Error(`TOTP verification of a wrong code differs at time ${time}`);
      }
    }
  }
}

/** Verifications per second: the module vs each library, for a right and a wrong code. */
export async function totpBench(pkg, rounds, targetNs) {
  const totp = new pkg.Totp({ totp: { algorithm: 'SHA1', digits: 6, period: 30, window: 1 } });
  checkAgreement(totp);

  const right = totp.code(SECRET, { time: TIME });
  const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
  const works = {};
  for (const [kind, token] of [['right', right], ['wrong', wrong]]) {
    works[`module:${kind}`] = () => totp.verify(SECRET, token, { time: TIME });
    for (const [name, other] of Object.entries(BASELINES)) {
      works[`${name}:${kind}`] = () => other.delta(token, TIME);
    }
  }
  const contenders = Object.fromEntries(Object.entries(works)
    .map(([name, work]) => [name, batch(work, calibrate(work, targetNs))]));
  const samples = await interleave(rounds, contenders);
  const figures = {};
  const speeds = (ns) => ({ us: scaled(summary(ns), 1e-3), perS: summary(ns.map((t) => 1e9 / t)) });
  for (const kind of ['right', 'wrong']) {
    const m = samples[`module:${kind}`];
    figures[kind] = { module: speeds(m) };
    for (const name of Object.keys(BASELINES)) {
      const o = samples[`${name}:${kind}`];
      figures[kind][name] = speeds(o);
      figures[kind][`ratioVs${name[0].toUpperCase()}${name.slice(1)}`] = ratio(o, m);
    }
  }
  totp.free();
  return figures;
}
