// What both JavaScript baselines share: the rules of the benchmark policy, text
// helpers with the module's ASCII semantics, and the validators (Luhn, issuer
// prefixes, card groupings, SSN areas) written again from src/dlp/builtin/*.rs.
//
// Offsets are UTF-16 code units, as in the module's JavaScript API. The module
// reads UTF-8 bytes; every byte it tests is ASCII or a separator that is one code
// unit here (U+00A0, U+202F, U+2009), so the two readings agree.

/** The rules of the benchmark policy, in the module's order: 6 defaults + 1 custom. */
export const RULES = ['credit_card', 'ssn', 'email', 'phone', 'api_key', 'ip_address',
  'employee_id'];

/** The original design's custom rule, as the policy document gives it. */
export const EMPLOYEE_ID_RULE = {
  name: 'employee_id',
  pattern: String.raw`\bEMP\d{6}\b`,
  sensitivity: 'confidential',
  action: 'warn',
  description: 'Employee ID detection',
};

/** The benchmark policy: the built-in rules plus `employee_id`. */
export const POLICY = { dlp: { useDefaults: true, rules: [EMPLOYEE_ID_RULE] } };

/** `\bEMP\d{6}\b`, case-insensitive: the custom rule, on V8's engine. */
export const EMPLOYEE_ID = /\bEMP\d{6}\b/gi;

/** The code unit at `i`, or 0 outside the text. */
export function at(s, i) {
  return i >= 0 && i < s.length ? s.charCodeAt(i) : 0;
}

/** The code unit before `i`, or 0 at the start. */
export function before(s, i) {
  return at(s, i - 1);
}

/** ASCII letters, digits and `_`. */
export function isWord(c) {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export function isDigit(c) {
  return c >= 48 && c <= 57;
}

export function isAlpha(c) {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAlnum(c) {
  return isDigit(c) || isAlpha(c);
}

/** The separators of card and phone numbers; the code unit doubles as its kind. */
export function isSeparator(c) {
  return c === 32 || c === 45 || c === 46 || c === 0xa0 || c === 0x202f || c === 0x2009;
}

/** `.`, `,` or `-` right after a digit ends before `i`. */
export function continuesNumberBefore(s, i) {
  const c = before(s, i);
  return (c === 46 || c === 44 || c === 45) && isDigit(before(s, i - 1));
}

/** `.` or `-` then a digit at `i`. */
export function continuesNumberAfter(s, i) {
  const c = at(s, i);
  return (c === 46 || c === 45) && isDigit(at(s, i + 1));
}

/** The Luhn checksum over digit values. */
export function luhnValid(digits) {
  let sum = 0;
  for (let i = digits.length - 1, k = 0; i >= 0; i -= 1, k += 1) {
    let d = digits[i];
    if (k % 2 === 1) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Whether a card network issues numbers of this length with this prefix. */
export function issuerAccepts(digits) {
  const len = digits.length;
  const prefix = (n) => {
    let v = 0;
    for (let i = 0; i < n && i < len; i += 1) {
      v = v * 10 + digits[i];
    }
    return v;
  };
  const [p1, p2, p3, p4, p6] = [prefix(1), prefix(2), prefix(3), prefix(4), prefix(6)];
  const within = (v, lo, hi) => v >= lo && v <= hi;
  const visa = p1 === 4 && (len === 13 || len === 16 || len === 19);
  const mastercard = (within(p2, 51, 55) || within(p4, 2221, 2720)) && len === 16;
  const amex = (p2 === 34 || p2 === 37) && len === 15;
  const discover = (p4 === 6011 || within(p3, 644, 649) || p2 === 65
    || within(p6, 622126, 622925)) && within(len, 16, 19);
  const diners = (within(p3, 300, 305) || p4 === 3095 || p2 === 36 || p2 === 38 || p2 === 39)
    && within(len, 14, 19);
  const jcb = p2 === 35 && within(len, 16, 19);
  const jcbLegacy = (p4 === 2131 || p4 === 1800) && len === 15;
  const uatp = p1 === 1 && len === 15;
  const unionpay = (p2 === 62 || p2 === 81) && within(len, 16, 19);
  const mir = within(p4, 2200, 2204) && within(len, 16, 19);
  const maestro = (p2 === 50 || within(p2, 56, 69)) && within(len, 13, 19);
  return visa || mastercard || amex || discover || diners || jcb || jcbLegacy || uatp
    || unionpay || mir || maestro;
}

/** Whether digit groups of these lengths are a way card numbers are written. */
function isCardGrouping(lengths) {
  const total = lengths.reduce((a, b) => a + b, 0);
  if (total < 13 || total > 19) {
    return false;
  }
  if (lengths.length === 1) {
    return true;
  }
  const [a, b, c] = lengths;
  if (lengths.length === 3 && a === 4 && b === 6 && (c === 5 || c === 4)) {
    return true;
  }
  const last = lengths[lengths.length - 1];
  return lengths.slice(0, -1).every((n) => n === 4) && last >= 1 && last <= 4;
}

/**
 * Whether chain groups `first..=last` form a card number. A chain is a flat array
 * of [start, end, joint] triples; `joint` is the separator to the next group or 0.
 */
function isCard(s, chain, first, last) {
  if (isWord(at(s, chain[3 * last + 1]))) {
    return false;
  }
  const joint = chain[3 * first + 2];
  const lengths = [];
  for (let g = first; g <= last; g += 1) {
    if (g < last && chain[3 * g + 2] !== joint) {
      return false;
    }
    lengths.push(chain[3 * g + 1] - chain[3 * g]);
  }
  if (!isCardGrouping(lengths)) {
    return false;
  }
  const digits = [];
  for (let g = first; g <= last; g += 1) {
    for (let i = chain[3 * g]; i < chain[3 * g + 1]; i += 1) {
      digits.push(s.charCodeAt(i) - 48);
    }
  }
  return luhnValid(digits) && issuerAccepts(digits);
}

/** Picks card numbers out of one chain, leftmost and longest first, into `out`. */
export function cardsInChain(s, chain, out) {
  const groups = chain.length / 3;
  let first = 0;
  while (first < groups) {
    let found = -1;
    for (let last = Math.min(groups, first + 5) - 1; last >= first; last -= 1) {
      if (isCard(s, chain, first, last)) {
        found = last;
        break;
      }
    }
    if (found >= 0) {
      out.push(0, chain[3 * first], chain[3 * found + 1]);
      first = found + 1;
    } else {
      first += 1;
    }
  }
}

/** Whether `AAA-GG-SSSS` starting at `i` has an area, group and serial the SSA issues. */
export function ssnIssuable(s, i) {
  const area = s.slice(i, i + 3);
  return area !== '000' && area !== '666' && area[0] !== '9'
    && s.slice(i + 4, i + 6) !== '00' && s.slice(i + 7, i + 11) !== '0000';
}

/** Vendor prefixes of API keys and the shortest token, prefix included, that counts. */
export const KEY_PREFIXES = [
  ['sk-', 23], ['sk_live_', 24], ['sk_test_', 24], ['rk_live_', 24], ['pk_live_', 24],
  ['ghp_', 40], ['gho_', 40], ['ghu_', 40], ['ghs_', 40], ['ghr_', 40], ['github_pat_', 40],
  ['glpat-', 26], ['xoxb-', 24], ['xoxp-', 24], ['xoxa-', 24], ['xoxs-', 24],
  ['AKIA', 20], ['ASIA', 20], ['AIza', 39],
];

/** The API keys in the token run `s[start, end)`, pushed to `out` as rule 4 matches. */
export function keysInRun(s, start, end, out) {
  // A vendor key starts the run, or just after a hyphen in it (`deploy-key-ghp_…`).
  for (let from = start; from < end;) {
    const len = end - from;
    const vendor = !isWord(before(s, from))
      && KEY_PREFIXES.some(([prefix, min]) => len >= min && s.startsWith(prefix, from));
    if (vendor) {
      let e = end;
      while (e > from && s.charCodeAt(e - 1) === 45) {
        e -= 1;
      }
      out.push(4, from, e);
      return;
    }
    const hyphen = s.indexOf('-', from);
    if (hyphen < 0 || hyphen >= end) {
      break;
    }
    from = hyphen + 1;
  }
  // Generic keys: runs of letters and digits between `-`/`_`, 32+ long, mixing
  // both, at ASCII word boundaries.
  let from = start;
  while (from < end) {
    let to = from;
    let letters = false;
    let digits = false;
    while (to < end) {
      const c = s.charCodeAt(to);
      if (isDigit(c)) {
        digits = true;
      } else if (isAlpha(c)) {
        letters = true;
      } else {
        break;
      }
      to += 1;
    }
    if (to - from >= 32 && letters && digits && !isWord(before(s, from)) && !isWord(at(s, to))) {
      out.push(4, from, to);
    }
    from = to + 1;
  }
}

/** Local parts longer than this are not addresses. */
const MAX_LOCAL = 64;

function isLocal(c) {
  return isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

/** Where the local part before the `@` at `sign` starts, not before `floor`; or -1. */
export function localStart(s, sign, floor) {
  let start = sign;
  while (start > floor && isLocal(before(s, start))) {
    start -= 1;
  }
  while (start < sign && !isAlnum(at(s, start)) && at(s, start) !== 95) {
    start += 1;
  }
  const len = sign - start;
  return len > 0 && len <= MAX_LOCAL && !isWord(before(s, start)) ? start : -1;
}

function isLabel(c) {
  return isAlnum(c) || c === 45;
}

/** Where the domain starting at `from` ends, after its last letter-only label; or -1. */
export function domainEnd(s, from) {
  let p = from;
  let labels = 0;
  let end = -1;
  for (;;) {
    const labelStart = p;
    while (isLabel(at(s, p))) {
      p += 1;
    }
    if (p === labelStart || s.charCodeAt(labelStart) === 45) {
      break;
    }
    labels += 1;
    // The TLD is the letters a label starts with, when a hyphen or a non-word
    // character follows them: `a@example.co.uk-` ends at `uk`.
    let after = labelStart;
    while (after < p && isAlpha(s.charCodeAt(after))) {
      after += 1;
    }
    const tldEnds = (after === p && !isWord(at(s, after))) || at(s, after) === 45;
    if (labels >= 2 && after - labelStart >= 2 && tldEnds) {
      end = after;
    }
    if (at(s, p) !== 46 || p - from > 253) {
      break;
    }
    p += 1;
  }
  return end;
}

/**
 * Sorts flat [rule, start, end] triples by start, end, then rule, as the module
 * orders its matches; returns an array of [rule, start, end] arrays.
 */
export function sortMatches(flat) {
  const out = [];
  for (let i = 0; i < flat.length; i += 3) {
    out.push([flat[i], flat[i + 1], flat[i + 2]]);
  }
  return out.sort((a, b) => a[1] - b[1] || a[2] - b[2] || a[0] - b[0]);
}
