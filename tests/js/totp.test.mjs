// The built package (pkg/, what ships) against the RFC 4226/6238 vectors, pyotp's
// answers, the shared TOTP cases, and bad input: codes, verification with replay
// protection, URIs, QR codes, backup codes and typed errors.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import {
  generateBackupCodes, generateSecret, hotp, normalizeSecret, parseOtpauthUri, qrPngDataUrl,
  qrSvg, qrTerminal, Totp, verifyBackupCode, verifyHotp,
} from '../../pkg/promptward.js';
import { parsePolicyText } from '../../pkg/yaml.js';

const data = (path) => readFileSync(new URL(`../data/${path}`, import.meta.url), 'utf8');
const CASES = JSON.parse(data('cases.json')).cases;
const RFC4226 = JSON.parse(data('rfc4226.json'));
const RFC6238 = JSON.parse(data('rfc6238.json'));
const PYOTP = JSON.parse(data('totp-pyotp.json'));
const MFA_YAML = data('policy/mfa-config.yaml');

const caseById = (id) => CASES.find((c) => c.id === id);
/** The number of unused codes in a backup store (JSON of one hash per code). */
const remaining = (store) => JSON.parse(store).hashes.length;
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const named = (name) => (error) => error.name === name && error.code === name;

describe('RFC vectors (tests/data/rfc4226.json, rfc6238.json)', () => {
  test('RFC 4226 Appendix D: HOTP of counters 0-9', () => {
    assert.equal(RFC4226.vectors.length, 10);
    for (const { counter, hotp: code } of RFC4226.vectors) {
      assert.equal(hotp(RFC4226.secret_base32, counter), code, `counter ${counter}`);
      assert.equal(verifyHotp(RFC4226.secret_base32, code, counter), counter);
    }
    assert.equal(verifyHotp(RFC4226.secret_base32, '359152', 0, { window: 2 }), 2);
    assert.equal(verifyHotp(RFC4226.secret_base32, '359152', 0, { window: 1 }), null);
  });

  test('RFC 6238 Appendix B: TOTP, SHA1/256/512, 8 digits, with their steps', () => {
    assert.equal(RFC6238.vectors.length, 18);
    const totp = new Totp({ totp: { digits: 8 } });
    for (const { time, algorithm, totp: code, step_hex: stepHex } of RFC6238.vectors) {
      const secret = RFC6238.seeds[algorithm].base32;
      assert.equal(totp.code(secret, { time, algorithm }), code, `${algorithm} at ${time}`);
      const found = totp.verify(secret, code, { time, algorithm, window: 0 });
      assert.deepEqual(found, { step: Number.parseInt(stepHex, 16), delta: 0 });
    }
  });
});

describe('pyotp, an independent implementation (tests/data/totp-pyotp.json)', () => {
  const totp = new Totp({});

  test('codes at times beyond 2^32 and on step boundaries', () => {
    for (const [secret, algorithm, digits, period, time, code] of PYOTP.totp) {
      assert.equal(totp.code(secret, { algorithm, digits, period, time }), code);
    }
  });

  test('HOTP codes up to counter 2^53', () => {
    let checked = 0;
    for (const [secret, algorithm, digits, counter, code] of PYOTP.hotp) {
      // A JavaScript number holds counters exactly up to 2^53; larger ones are refused.
      if (counter <= Number.MAX_SAFE_INTEGER) {
        assert.equal(hotp(secret, counter, { algorithm, digits }), code);
        checked += 1;
      }
    }
    assert.ok(checked > 100, `${checked} HOTP rows`);
  });

  test('a match is at most 2^53 - 1, so the counter after it is still exact', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const top = Number.MAX_SAFE_INTEGER;
    const code = hotp(secret, top);
    const next = verifyHotp(secret, code, top - 2, { window: 3 }) + 1;
    assert.equal(next, 2 ** 53);
    assert.equal(verifyHotp(secret, code, next, { window: 3 }), null);
    // 2^53 itself is a counter whose code is computed, but never a match.
    assert.equal(verifyHotp(secret, hotp(secret, 2 ** 53), 2 ** 53), null);
  });

  test('verification with windows 0-10 agrees, valid and invalid', () => {
    for (const [secret, algorithm, digits, period, time, window, token, valid] of PYOTP.verify) {
      const found = totp.verify(secret, token, { algorithm, digits, period, time, window });
      assert.equal(found !== null, valid, `${token} at ${time}, window ${window}`);
    }
  });
});

describe('shared TOTP cases (tests/data/cases.json)', () => {
  test('TOTP-01: base32 secrets as users paste them', () => {
    const { input, expect } = caseById('TOTP-01');
    const totp = new Totp({});
    const code = expect.generate_for_every_equivalent_form;
    for (const form of input.equivalent_secret_forms) {
      assert.equal(totp.code(form, { time: input.time }), code, JSON.stringify(form));
      assert.notEqual(totp.verify(form, expect.verify_true_for_every_equivalent_form.token,
        { time: input.time }), null);
      assert.equal(normalizeSecret(form), expect.canonical_secret_returned_by_normaliser);
    }
    for (const form of input.invalid_secret_forms) {
      assert.throws(() => totp.code(form, { time: input.time }), named('InvalidSecret'), form);
      assert.throws(() => normalizeSecret(form), named('InvalidSecret'));
    }
  });

  test('TOTP-03: tokens are strings of exactly `digits` ASCII digits', () => {
    const { input, expect } = caseById('TOTP-03');
    const totp = new Totp({});
    const at = { time: input.time, window: input.window };
    assert.equal(totp.code(input.secret_base32, { time: input.time }),
      expect.generate_returns_string);
    assert.notEqual(totp.verify(input.secret_base32, input.valid_token, at), null);
    for (const token of input.neighbour_codes_in_window) {
      assert.notEqual(totp.verify(input.secret_base32, token, at), null, token);
    }
    for (const token of input.tokens_that_must_fail) {
      assert.equal(totp.verify(input.secret_base32, token, at), null, JSON.stringify(token));
    }
    // Numbers, null and undefined are refused by type: 5924 cannot be told from a
    // user who typed four digits, and 287082 would otherwise pass at t = 59.
    for (const [token, time] of [[5924, input.time], [287082, 59], [null, 59], [undefined, 59]]) {
      assert.throws(() => totp.verify(input.secret_base32, token, { time }), TypeError);
    }
  });

  test('TOTP-04: step boundaries, window 0 and 1, step 0, bad configurations', () => {
    const { input, expect } = caseById('TOTP-04');
    const totp = new Totp({});
    for (const [step, code] of Object.entries(input.codes_by_step)) {
      assert.equal(totp.code(input.secret_base32, { time: Number(step) * 30 }), code);
    }
    input.checks.forEach(({ time, window, token }, i) => {
      const found = totp.verify(input.secret_base32, token, { time, window });
      assert.equal(found !== null, expect.checks[i], `${token} at ${time}, window ${window}`);
    });

    const { time } = input.window_count_check;
    const accepted = input.window_count_check.candidate_codes_steps_minus3_to_plus3
      .filter((token) => totp.verify(input.secret_base32, token, { time, window: 1 }) !== null);
    assert.deepEqual(accepted, expect.window_count_check_accepted);

    for (const bad of input.bad_config) {
      assert.throws(() => totp.verify(input.secret_base32, '755224', { time: 0, ...bad }),
        named('InvalidConfig'), JSON.stringify(bad));
      const section = { totp: bad };
      assert.throws(() => new Totp(section), named('InvalidConfig'), JSON.stringify(section));
    }
    for (let t = 0; t < 30; t += 1) {
      for (let window = 0; window <= 10; window += 1) {
        const found = totp.verify(input.secret_base32, '755224', { time: t, window });
        assert.deepEqual(found, { step: 0, delta: 0 });
      }
    }
  });

  test('TOTP-06: backup codes are single-use, independent, replaced on regeneration', async () => {
    const { input } = caseById('TOTP-06');
    const first = generateBackupCodes({ count: input.count, length: input.length });
    const { codes } = first;
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes) {
      assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      assert.ok(!first.store.includes(code) && !first.store.includes(code.replace('-', '')));
    }

    let store = first.store;
    const use = (code) => {
      const result = verifyBackupCode(store, code);
      store = result.store;
      return result;
    };
    assert.equal(use(codes[2]).valid, true);
    assert.equal(use(codes[2]).valid, false);
    assert.equal(use(codes[5]).valid, true);
    assert.equal(use(codes[9]).valid, true);
    assert.equal(remaining(store), 7);
    assert.equal(use('').valid, false);
    assert.equal(use(codes[7].toLowerCase().replace('-', '')).valid, true);
    assert.equal(remaining(store), 6);

    // Regenerating replaces the whole set: saving the new store retires the old codes.
    const second = generateBackupCodes();
    store = second.store;
    assert.equal(use(codes[0]).valid, false);
    assert.equal(use(second.codes[0]).valid, true);

    // Two concurrent uses of one code against an async store (a KV in a worker):
    // each saves its new store only if the stored value is still the one it read.
    const kv = compareAndSwapStore(store);
    const results = await Promise.all([
      useBackupCode(kv, second.codes[1]), useBackupCode(kv, second.codes[1]),
    ]);
    assert.deepEqual(results.sort(), [false, true]);
    assert.equal(remaining(kv.value), 8);
  });

  test('TOTP-07: 10000 generated secrets, 160 bits each, distinct and balanced', () => {
    const seen = new Set();
    let ones = 0;
    for (let i = 0; i < 10000; i += 1) {
      const secret = generateSecret();
      assert.match(secret, /^[A-Z2-7]{32}$/);
      seen.add(secret);
      for (const byte of base32Decode(secret)) {
        ones += popcount(byte);
      }
    }
    assert.equal(seen.size, 10000);
    const fraction = ones / (10000 * 160);
    assert.ok(fraction >= 0.49 && fraction <= 0.51, String(fraction));
  });

  test('TOTP-07: no randomness at import; a clear error without crypto', () => {
    // A fresh process imports the package while getRandomValues throws, as at a
    // worker's global scope, then generates inside a "handler" with it restored,
    // then again with globalThis.crypto deleted.
    const script = `
      const real = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
      globalThis.crypto.getRandomValues = () => { throw new Error('no randomness here'); };
      const pkg = await import(${JSON.stringify(new URL('../../pkg/promptward.js',
    import.meta.url).href)});
      const totp = new pkg.Totp();
      globalThis.crypto.getRandomValues = real;
      const secret = pkg.generateSecret();
      const enrolment = totp.enrol({ account: 'jo@example.org' });
      Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
      let error;
      try { pkg.generateSecret(); } catch (e) { error = e; }
      console.log(JSON.stringify({ secret, enrolled: enrolment.secret.length,
        name: error?.name, message: error?.message }));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script]);
    const result = JSON.parse(output.toString());
    assert.match(result.secret, /^[A-Z2-7]{32}$/);
    assert.equal(result.enrolled, 32);
    assert.equal(result.name, 'RandomUnavailable');
    assert.match(result.message, /crypto\.getRandomValues/);
  });
});

describe('Totp', () => {
  test('the embedded policy and the original mfa-config.yaml give the same settings', () => {
    const embedded = new Totp();
    const original = new Totp(parsePolicyText(MFA_YAML));
    assert.deepEqual(original.config, embedded.config);
    assert.equal(original.policyHash, embedded.policyHash);
    assert.match(embedded.policyHash, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(embedded.config, {
      enabled: true, requiredForAdmin: true, requiredForApi: false,
      issuer: 'CoAI.Dev Enterprise', algorithm: 'SHA1', digits: 6, period: 30, window: 1,
      backupCodes: { enabled: true, count: 10, length: 8 },
    });
    // An MFA section alone, or JSON text, works too; defaults fill what is absent.
    const section = new Totp({ totp: { digits: 8, window: 2 }, backupCodes: { count: 12 } });
    assert.equal(section.config.digits, 8);
    assert.equal(section.config.window, 2);
    assert.equal(section.config.issuer, null);
    assert.notEqual(section.policyHash, embedded.policyHash);
    assert.deepEqual(new Totp(JSON.stringify({ mfa: { totp: { period: 60 } } })).config.period,
      60);
  });

  test('generate and verify; the matched step refuses replays through afterStep', () => {
    const totp = new Totp();
    const secret = generateSecret();
    const time = 1_700_000_000;
    const code = totp.code(secret, { time });
    assert.match(code, /^\d{6}$/);

    const first = totp.verify(secret, code, { time });
    assert.deepEqual(first, { step: Math.floor(time / 30), delta: 0 });
    assert.equal(totp.verify(secret, code, { time, afterStep: first.step }), null);
    assert.equal(totp.verify(secret, code, { time: time + 5, afterStep: first.step }), null);

    // The next period's code is still accepted, once; an earlier one never again.
    const next = totp.code(secret, { time: time + 30 });
    const second = totp.verify(secret, next, { time, afterStep: first.step });
    assert.deepEqual(second, { step: first.step + 1, delta: 1 });
    const previous = totp.code(secret, { time: time - 30 });
    assert.equal(totp.verify(secret, previous, { time, afterStep: first.step }), null);
    assert.deepEqual(totp.verify(secret, previous, { time }), { step: first.step - 1, delta: -1 });
  });

  test('without a time, the clock is Date.now()', () => {
    const totp = new Totp();
    const secret = generateSecret();
    const now = Date.now() / 1000;
    const code = totp.code(secret);
    assert.equal(code, totp.code(secret, { time: now }));
    assert.equal(totp.verify(secret, code)?.step, Math.floor(now / 30));
  });

  test('enrol: a new secret, its URI with the policy issuer, the QR code', () => {
    const totp = new Totp();
    const enrolment = totp.enrol({ account: 'jo+mfa@example.org' });
    assert.match(enrolment.secret, /^[A-Z2-7]{32}$/);
    assert.equal(enrolment.uri, `otpauth://totp/CoAI.Dev%20Enterprise:jo%2Bmfa%40example.org`
      + `?secret=${enrolment.secret}&issuer=CoAI.Dev%20Enterprise`);
    assert.ok(enrolment.qrSvg.startsWith('<?xml') && enrolment.qrSvg.includes('<svg'));
    assert.deepEqual(parseOtpauthUri(enrolment.uri), {
      type: 'totp', secret: enrolment.secret, account: 'jo+mfa@example.org',
      issuer: 'CoAI.Dev Enterprise', algorithm: 'SHA1', digits: 6, period: 30,
    });
    const other = totp.enrol({ account: 'ann@example.org', issuer: 'ACME Co' });
    assert.equal(parseOtpauthUri(other.uri).issuer, 'ACME Co');
    assert.notEqual(other.secret, enrolment.secret);
  });

  test('uri: the exact form, and round trips with spaces, @, &, + and non-ASCII', () => {
    const totp = new Totp({});
    assert.equal(totp.uri({ secret: 'JBSWY3DPEHPK3PXP', account: 'alice@google.com',
      issuer: 'Example' }),
    'otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example');
    for (const [account, issuer] of [['a+b&c=d@x.y', 'Smith & Wesson + Co'],
      ['Jörg Müller', 'Bücher 📚 GmbH'], ['用户@例子.中国', '公司']]) {
      const uri = totp.uri({ secret: 'jbsw y3dp ehpk 3pxp', account, issuer, digits: 8 });
      assert.match(uri, /^[\x21-\x7e]+$/);
      assert.deepEqual(parseOtpauthUri(uri), { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', account,
        issuer, algorithm: 'SHA1', digits: 8, period: 30 });
    }
    assert.throws(() => totp.uri({ secret: 'JBSWY3DPEHPK3PXP', account: 'a:b' }),
      named('InvalidUri'));
  });

  test('backup codes follow the policy, and are refused when it disables them', () => {
    const { codes, store } = new Totp({ backupCodes: { count: 3, length: 10 } })
      .generateBackupCodes();
    assert.equal(codes.length, 3);
    assert.ok(codes.every((code) => /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$/.test(code)));
    assert.equal(verifyBackupCode(store, codes[1]).remaining, 2);
    assert.throws(() => new Totp({ backupCodes: { enabled: false } }).generateBackupCodes(),
      named('InvalidConfig'));
  });
});

describe('QR codes', () => {
  const uri = 'otpauth://totp/ACME%20Co:jo%40x.org?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co';

  test('SVG, PNG data URL and terminal renderings', () => {
    assert.ok(qrSvg(uri).trimEnd().endsWith('</svg>'));
    const png = Buffer.from(qrPngDataUrl(uri).replace(/^data:image\/png;base64,/, ''),
      'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.readUInt32BE(16) >= 256);
    const dark = qrTerminal(uri);
    assert.equal(qrTerminal(uri, { background: 'dark' }), dark);
    assert.notEqual(qrTerminal(uri, { background: 'light' }), dark);
    assert.match(dark, /^[ \u2580\u2584\u2588\n]+$/);
  });

  test('text too long for a QR code, and bad arguments', () => {
    for (const render of [qrSvg, qrPngDataUrl, qrTerminal]) {
      assert.throws(() => render('x'.repeat(3000)), named('InvalidUri'));
      assert.throws(() => render(42), TypeError);
    }
    assert.throws(() => qrTerminal(uri, { background: 'blue' }), named('InvalidConfig'));
  });
});

describe('bad input: typed errors, never a panic, never a secret in a message', () => {
  const totp = new Totp();
  const secret = 'JBSWY3DPEHPK3PXP';

  test('out-of-range numbers are InvalidConfig, naming the option', () => {
    const bad = [
      [{ window: 1e6 }, /window must be 0 to 10/], [{ window: 11 }, /window/],
      [{ window: 1.5 }, /window must be a whole number/], [{ time: -1 }, /time/],
      [{ time: Number.NaN }, /time/], [{ time: 1e300 }, /time/],
      [{ time: Number.POSITIVE_INFINITY }, /time/], [{ digits: 9 }, /digits/],
      [{ period: 0 }, /period/], [{ afterStep: -1 }, /afterStep/],
      [{ algorithm: 'MD5' }, /algorithm/], [{ window: 2 ** 40 }, /not 1099511627776$/],
      [{ digits: 2 ** 33 }, /not 8589934592$/],
    ];
    for (const [options, message] of bad) {
      assert.throws(() => totp.verify(secret, '123456', options),
        (e) => named('InvalidConfig')(e) && message.test(e.message), JSON.stringify(options));
    }
  });

  test('values of the wrong type are TypeErrors; unknown options InvalidConfig', () => {
    assert.throws(() => totp.verify(secret, '123456', { time: '59' }), TypeError);
    assert.throws(() => totp.verify(secret, '123456', { window: 1n }), TypeError);
    assert.throws(() => totp.verify(secret, '123456', 59), TypeError);
    assert.throws(() => totp.verify(42, '123456'), TypeError);
    assert.throws(() => totp.code(undefined), TypeError);
    assert.throws(() => hotp(secret, '1'), TypeError);
    assert.throws(() => new Totp(42), TypeError);
    assert.throws(() => totp.enrol({}), TypeError);
    assert.throws(() => generateBackupCodes({ count: '10' }), TypeError);
    assert.throws(() => generateBackupCodes({ count: 2 ** 40 }),
      (e) => named('InvalidConfig')(e) && e.message.endsWith('not 1099511627776'));
    assert.throws(() => verifyBackupCode(42, 'ABCD-EFGH'), TypeError);
    assert.throws(() => totp.verify(secret, '123456', { windw: 2 }),
      (e) => named('InvalidConfig')(e) && /`windw`/.test(e.message));
    assert.throws(() => new Totp({ totp: { digit: 8 } }),
      (e) => named('InvalidConfig')(e) && e.message === 'unknown key `mfa.totp.digit`');
  });

  test('options are a plain object of own keys: a Promise or a Map is no options', () => {
    const code = totp.code(secret, { time: 90 });
    const { step } = totp.verify(secret, code, { time: 90 });
    // A forgotten `await` must not drop `afterStep` and let a replay through.
    for (const options of [Promise.resolve({ time: 90, afterStep: step }),
      new Map([['afterStep', step]]), new Date(90_000), new Error('x')]) {
      assert.throws(() => totp.verify(secret, code, options),
        (e) => e instanceof TypeError && e.message === 'verify options must be a plain object');
    }
    // Every own key counts, symbols and hidden ones too; an inherited one is not read.
    const hidden = Object.defineProperty({ time: 90 }, 'afterstep', { value: step });
    for (const options of [hidden, { time: 90, [Symbol('afterStep')]: step }]) {
      assert.throws(() => totp.verify(secret, code, options),
        (e) => named('InvalidConfig')(e) && /unknown option `(afterstep|Symbol\(afterStep\))`/
          .test(e.message));
    }
    const inherited = Object.create({ afterStep: step });
    inherited.time = 90;
    assert.deepEqual(totp.verify(secret, code, inherited), { step, delta: 0 });
    const bare = Object.assign(Object.create(null), { time: 90, afterStep: step });
    assert.equal(totp.verify(secret, code, bare), null);
    class Options { constructor() { this.time = 90; } }
    assert.deepEqual(totp.verify(secret, code, new Options()), { step, delta: 0 });
  });

  test('tokens: wrong length, Unicode digits, signs, spaces are simply not valid', () => {
    const code = totp.code(secret, { time: 0 });
    for (const token of [code.slice(1), `${code}0`, ` ${code}`, `${code}\n`, `+${code.slice(1)}`,
      code.replace(/\d$/, '\uff11'), code.replace(/\d$/, '\u0661'), '', '1'.repeat(1000)]) {
      assert.equal(totp.verify(secret, token, { time: 0 }), null, JSON.stringify(token));
    }
    assert.notEqual(totp.verify(secret, code, { time: 0 }), null);
  });

  test('invalid secrets and hostile URIs never echo the secret', () => {
    for (const bad of ['JBSWY3DPEHPK3PX1', 'JBSWY3DP EHPK3PX!', 'JBSWY3DPEHPK3PXP=', '']) {
      assert.throws(() => totp.code(bad, { time: 0 }),
        (e) => named('InvalidSecret')(e) && !e.message.includes('JBSWY3DP'), bad);
    }
    const hostile = [
      '', 'https://totp/a?secret=JBSWY3DPEHPK3PXP', 'otpauth://totp/a',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PX1',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=4',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&secret=JBSWY3DPEHPK3PXP',
      'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=B',
      'otpauth://totp/a%0Ab?secret=JBSWY3DPEHPK3PXP',
      'otpauth://totp/a%C3?secret=JBSWY3DPEHPK3PXP',
      'otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP',
      `otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&x=${'a'.repeat(5000)}`,
    ];
    for (const uri of hostile) {
      assert.throws(() => parseOtpauthUri(uri),
        (e) => named('InvalidUri')(e) && !e.message.includes('JBSWY3DP'), uri.slice(0, 80));
    }
  });

  test('corrupted backup stores are InvalidBackupStore; codes are never accepted twice', () => {
    const { codes, store } = generateBackupCodes({ count: 2 });
    const parsed = JSON.parse(store);
    const corrupt = [
      '', '{', 'null', '[]', JSON.stringify({ ...parsed, version: 2 }),
      JSON.stringify({ ...parsed, kdf: 'sha1' }), JSON.stringify({ ...parsed, iterations: 0 }),
      JSON.stringify({ ...parsed, salt: 'zz' }), JSON.stringify({ ...parsed, hashes: ['00'] }),
      JSON.stringify({ ...parsed, hashes: [parsed.hashes[0], parsed.hashes[0]] }),
      JSON.stringify({ ...parsed, extra: 1 }),
    ];
    for (const text of corrupt) {
      assert.throws(() => verifyBackupCode(text, codes[0]), named('InvalidBackupStore'), text);
    }
    const once = verifyBackupCode(store, codes[0]);
    assert.equal(once.valid, true);
    assert.equal(verifyBackupCode(once.store, codes[0]).valid, false);
    // An invalid code leaves the store exactly as it was.
    assert.equal(verifyBackupCode(once.store, 'ZZZZ-ZZZZ').store, once.store);
  });
});

/** An async key-value slot with compare-and-swap, as edge KV stores offer. */
function compareAndSwapStore(initial) {
  return {
    value: initial,
    async get() {
      await new Promise((resolve) => { setImmediate(resolve); });
      return this.value;
    },
    async swap(expected, next) {
      await new Promise((resolve) => { setImmediate(resolve); });
      if (this.value !== expected) {
        return false;
      }
      this.value = next;
      return true;
    },
  };
}

/** Uses a backup code: read, verify, save only if unchanged since the read; retry otherwise. */
async function useBackupCode(kv, code) {
  for (;;) {
    const store = await kv.get();
    const result = verifyBackupCode(store, code);
    if (!result.valid) {
      return false;
    }
    if (await kv.swap(store, result.store)) {
      return true;
    }
  }
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = [];
  let bits = 0;
  let value = 0;
  for (const c of text) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return bytes;
}

function popcount(byte) {
  let count = 0;
  for (let b = byte; b > 0; b >>= 1) {
    count += b & 1;
  }
  return count;
}
