// Baseline: the module's own design written in JavaScript. One pass over the text
// collects the landmarks of src/dlp/builtin/candidates.rs (maximal runs of ASCII
// digits, `@` signs, token runs of 20+ `[A-Za-z0-9_-]`); the detectors then look
// only there, as the module's do. `employee_id` runs on V8's RegExp, as the module
// runs custom rules on its regex engine. The pass is the module's byte-by-byte
// reference (`collect_exact`), a table lookup per code unit: its eight-bytes-at-a-
// time skip has no cheap equivalent on JavaScript strings.
import {
  EMPLOYEE_ID, at, before, cardsInChain, continuesNumberAfter, continuesNumberBefore,
  domainEnd, isDigit, isSeparator, isWord, keysInRun, localStart, sortMatches, ssnIssuable,
} from './shared.mjs';

const DIGIT = 1;
const TOKEN = 2;
const AT = 4;
const MIN_TOKEN_LEN = 20;

/** The class of each ASCII code unit; every other unit is class 0. */
const CLASS = new Uint8Array(65536);
for (let c = 0; c < 128; c += 1) {
  const ch = String.fromCharCode(c);
  if (/[0-9]/.test(ch)) {
    CLASS[c] = DIGIT | TOKEN;
  } else if (/[A-Za-z_-]/.test(ch)) {
    CLASS[c] = TOKEN;
  } else if (ch === '@') {
    CLASS[c] = AT;
  }
}

/** The landmarks of `s`: flat [start, end] pairs of digit runs and long tokens. */
function collect(s) {
  const digitRuns = [];
  const atSigns = [];
  const longTokens = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const cls = CLASS[s.charCodeAt(i)];
    if ((cls & TOKEN) === 0) {
      if (cls & AT) {
        atSigns.push(i);
      }
      i += 1;
      continue;
    }
    const runStart = i;
    let digitsFrom = cls & DIGIT ? i : -1;
    i += 1;
    while (i < n) {
      const k = CLASS[s.charCodeAt(i)];
      if ((k & TOKEN) === 0) {
        break;
      }
      if (k & DIGIT) {
        if (digitsFrom < 0) {
          digitsFrom = i;
        }
      } else if (digitsFrom >= 0) {
        digitRuns.push(digitsFrom, i);
        digitsFrom = -1;
      }
      i += 1;
    }
    if (digitsFrom >= 0) {
      digitRuns.push(digitsFrom, i);
    }
    if (i - runStart >= MIN_TOKEN_LEN) {
      longTokens.push(runStart, i);
    }
  }
  return { digitRuns, atSigns, longTokens };
}

function findCards(s, runs, out) {
  const count = runs.length / 2;
  let next = 0;
  while (next < count) {
    const start = runs[2 * next];
    const chain = [start, runs[2 * next + 1], 0];
    next += 1;
    if (isWord(before(s, start))) {
      continue;
    }
    while (next < count) {
      const end = chain[chain.length - 2];
      const sep = at(s, end);
      if (!isSeparator(sep) || end + 1 !== runs[2 * next]) {
        break;
      }
      chain[chain.length - 1] = sep;
      chain.push(runs[2 * next], runs[2 * next + 1], 0);
      next += 1;
    }
    cardsInChain(s, chain, out);
  }
}

function findSsns(s, runs, out) {
  for (let r = 0; r < runs.length; r += 2) {
    const start = runs[r];
    if (runs[r + 1] - start !== 3 || isWord(before(s, start))
      || continuesNumberBefore(s, start)) {
      continue;
    }
    const shaped = at(s, start + 3) === 45 && digitsAt(s, start + 4) === 2
      && at(s, start + 6) === 45 && digitsAt(s, start + 7) === 4;
    const end = start + 11;
    if (shaped && !isWord(at(s, end)) && !continuesNumberAfter(s, end)
      && ssnIssuable(s, start)) {
      out.push(1, start, end);
    }
  }
}

function findEmails(s, atSigns, out) {
  let covered = 0;
  let previousAt = 0;
  for (const sign of atSigns) {
    const floor = Math.max(previousAt, covered);
    previousAt = sign + 1;
    const start = localStart(s, sign, floor);
    if (start < 0) {
      continue;
    }
    const end = domainEnd(s, sign + 1);
    if (end >= 0) {
      out.push(2, start, end);
      covered = end;
    }
  }
}

function digitsAt(s, i) {
  let n = 0;
  while (isDigit(at(s, i + n))) {
    n += 1;
  }
  return n;
}

function skipSeparator(s, p) {
  return isSeparator(at(s, p)) ? p + 1 : p;
}

/** Three digits at `p` (the first 2-9 when asked): the index after them, or -1. */
function threeDigits(s, p, leading2to9) {
  const ok = isDigit(at(s, p)) && isDigit(at(s, p + 1)) && isDigit(at(s, p + 2))
    && (!leading2to9 || at(s, p) >= 50);
  return ok ? p + 3 : -1;
}

function parseNorthAmerican(s, start) {
  let p = start;
  const plus = at(s, p) === 43;
  if (plus) {
    p += 1;
  }
  if (at(s, p) === 49 && !isDigit(at(s, p + 1))) {
    p = skipSeparator(s, p + 1);
  } else if (plus) {
    return -1;
  }
  if (at(s, p) === 40) {
    p = threeDigits(s, p + 1, true);
    if (p < 0 || at(s, p) !== 41) {
      return -1;
    }
    p = skipSeparator(s, p + 1);
  } else {
    p = threeDigits(s, p, true);
    if (p < 0) {
      return -1;
    }
    p = skipSeparator(s, p);
  }
  const beforeExchange = p;
  p = threeDigits(s, p, false);
  if (p < 0) {
    return -1;
  }
  const separated = beforeExchange > start && !isDigit(at(s, beforeExchange - 1));
  if (at(s, beforeExchange) < 50 && !separated) {
    return -1;
  }
  p = skipSeparator(s, p);
  if (digitsAt(s, p) < 4) {
    return -1;
  }
  p += 4;
  if (isDigit(at(s, p))) {
    return -1;
  }
  const ext = extension(s, p);
  return ext < 0 ? p : ext;
}

function extension(s, end) {
  let p = at(s, end) === 32 ? end + 1 : end;
  const marker = s.slice(p, p + 4).toLowerCase();
  if (marker.length === 4 && marker.startsWith('ext.')) {
    p += 4;
  } else if (marker.length === 4 && marker.startsWith('ext')) {
    p += 3;
  } else if (at(s, p) === 120 || at(s, p) === 88 || at(s, p) === 35) {
    p += 1;
  } else {
    return -1;
  }
  if (at(s, p) === 32) {
    p += 1;
  }
  const n = digitsAt(s, p);
  return n >= 1 && n <= 6 ? p + n : -1;
}

function parseInternational(s, start) {
  let p;
  if (at(s, start) === 43) {
    p = start + 1;
  } else if (at(s, start) === 48 && at(s, start + 1) === 48) {
    p = start + 2;
  } else {
    return -1;
  }
  if (at(s, p) < 49 || at(s, p) > 57) {
    return -1;
  }
  let total = 0;
  let groups = 0;
  for (;;) {
    const n = digitsAt(s, p);
    total += n;
    groups += 1;
    p += n;
    if (groups > 7 || total > 15) {
      return -1;
    }
    const after = skipSeparator(s, p);
    if (groups === 1 && s.startsWith('(0)', after)) {
      p = skipSeparator(s, after + 3);
      if (!isDigit(at(s, p))) {
        return -1;
      }
      continue;
    }
    if (after === p || !isDigit(at(s, after))) {
      break;
    }
    p = after;
  }
  return total >= 8 && total <= 15 ? p : -1;
}

function parseNational(s, start) {
  if (at(s, start) !== 48) {
    return -1;
  }
  let p = start;
  let total = 0;
  let joint = 0;
  let groups = 0;
  for (;;) {
    const n = digitsAt(s, p);
    if (n < 2 || n > 8) {
      return -1;
    }
    total += n;
    groups += 1;
    p += n;
    const sep = at(s, p);
    if (isSeparator(sep) && isDigit(at(s, p + 1))) {
      if (joint !== 0 && joint !== sep) {
        return -1;
      }
      joint = sep;
      p += 1;
    } else {
      break;
    }
  }
  return total >= 10 && total <= 11 && groups >= 2 ? p : -1;
}

function parseParenthesized(s, start) {
  if (at(s, start) !== 40) {
    return -1;
  }
  const area = digitsAt(s, start + 1);
  if (area < 2 || area > 4 || at(s, start + 1 + area) !== 41) {
    return -1;
  }
  let p = skipSeparator(s, start + area + 2);
  let total = area;
  let groups = 0;
  for (;;) {
    const n = digitsAt(s, p);
    if (n < 3 || n > 5) {
      return -1;
    }
    total += n;
    groups += 1;
    p += n;
    if (groups < 3 && isSeparator(at(s, p)) && isDigit(at(s, p + 1))) {
      p += 1;
    } else {
      break;
    }
  }
  return total >= 8 && total <= 11 ? p : -1;
}

function findPhones(s, runs, out) {
  let covered = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const runStart = runs[r];
    if (runStart < covered) {
      continue;
    }
    const lead = before(s, runStart);
    const start = lead === 43 || lead === 40 ? runStart - 1 : runStart;
    if (isWord(before(s, start)) || continuesNumberBefore(s, start)) {
      continue;
    }
    let end = parseNorthAmerican(s, start);
    if (end < 0) {
      end = parseInternational(s, start);
    }
    if (end < 0) {
      end = parseNational(s, start);
    }
    if (end < 0) {
      end = parseParenthesized(s, start);
    }
    if (end >= 0 && !isWord(at(s, end)) && !continuesNumberAfter(s, end)) {
      out.push(3, start, end);
      covered = end;
    }
  }
}

function isOctet(s, start, end) {
  const len = end - start;
  const a = s.charCodeAt(start);
  if (len === 1) {
    return true;
  }
  if (len === 2) {
    return a !== 48;
  }
  if (len !== 3) {
    return false;
  }
  const b = s.charCodeAt(start + 1);
  const c = s.charCodeAt(start + 2);
  return a === 49 || (a === 50 && (b <= 52 || (b === 53 && c <= 53)));
}

function findIps(s, runs, out) {
  const count = runs.length / 2;
  let i = 0;
  while (i < count) {
    const start = runs[2 * i];
    i += 1;
    const lead = before(s, start);
    if (isWord(lead) || (lead === 46 && isDigit(before(s, start - 1))) || i + 3 > count) {
      continue;
    }
    let ok = true;
    for (let k = i - 1; k < i + 3 && ok; k += 1) {
      ok = isOctet(s, runs[2 * k], runs[2 * k + 1]);
      if (ok && k < i + 2) {
        const end = runs[2 * k + 1];
        ok = at(s, end) === 46 && end + 1 === runs[2 * k + 2];
      }
    }
    const end = runs[2 * (i + 2) + 1];
    if (!ok || isWord(at(s, end)) || continuesNumberAfter(s, end)) {
      continue;
    }
    out.push(5, start, end);
    i += 3;
  }
}

function findKeys(s, tokens, out) {
  for (let t = 0; t < tokens.length; t += 2) {
    keysInRun(s, tokens[t], tokens[t + 1], out);
  }
}

/** Scans `s` with the seven rules: [[ruleIndex, start, end], ...] in the module's order. */
export function scanPrefilter(s) {
  const { digitRuns, atSigns, longTokens } = collect(s);
  const out = [];
  findCards(s, digitRuns, out);
  findSsns(s, digitRuns, out);
  findEmails(s, atSigns, out);
  findPhones(s, digitRuns, out);
  findKeys(s, longTokens, out);
  findIps(s, digitRuns, out);
  for (const m of s.matchAll(EMPLOYEE_ID)) {
    out.push(6, m.index, m.index + m[0].length);
  }
  return sortMatches(out);
}
