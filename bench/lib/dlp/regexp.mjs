// Baseline: what a careful JavaScript developer writes with V8's RegExp. One regex
// per rule, flags `gi`, run with `matchAll`; the regexes carry the shapes and the
// ASCII boundaries, small validators in JavaScript carry what regexes cannot
// (Luhn and issuer prefixes, SSN areas, phone digit counts). The result equals the
// module's detectors (src/dlp/builtin/*.rs), match for match.
import {
  EMPLOYEE_ID, at, cardsInChain, continuesNumberAfter, domainEnd, isDigit, isWord, keysInRun,
  localStart, sortMatches, ssnIssuable,
} from './shared.mjs';

/** A separator inside card and phone numbers. */
const S = String.raw`[ .\-\u00a0\u202f\u2009]`;

/** Not glued to a word, and not the tail of a decimal, version or range. */
const FREE_START = String.raw`(?<!\w|\d[.,-])`;

/**
 * A chain of digit groups joined by single separators that holds 13 digits or more
 * (fewer cannot be a card). `cardsInChain` then picks the cards out of it. Each
 * regex here starts with what it consumes and looks behind after it, which lets V8
 * skip ahead to candidates (4-5x faster than a leading look-behind).
 */
const CARD_CHAIN = new RegExp(
  String.raw`\d(?<!\w\d)(?=(?:${S}?\d){12})\d*(?:${S}\d+)*`, 'gi');

const SSN = new RegExp(String.raw`${FREE_START}\d{3}-\d{2}-\d{4}(?!\w|[.-]\d)`, 'gi');

/** An `@` after a local-part character and before a domain whose last label is letters. */
const EMAIL_AT = /@(?<=[\w.%+-]@)(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}(?:(?=-)|(?!\w))/gi;

const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)`;
const IPV4 = new RegExp(
  String.raw`(?<!\w|\d\.)${OCTET}(?:\.${OCTET}){3}(?!\w|[.-]\d)`, 'gi');

/** A maximal run of 20+ token characters, where API keys live. */
const TOKEN_RUN = /(?<![\w-])[\w-]{20,}/gi;

/**
 * Phone numbers. A match is the empty string at a place a number may start; four
 * look-aheads capture the shapes found there, in the module's order of preference:
 * North American, international (`+`/`00`), national (trunk 0), `(area)` groups.
 * Each shape is written so that its greedy path is the module's single pass.
 */
const NORTH_AMERICAN = String.raw`(?:\+1(?!\d)${S}?|1(?!\d)${S}?)?`
  + String.raw`(?:\([2-9]\d\d\)|[2-9]\d\d)${S}?(?:(?<!\d)\d|[2-9])\d\d${S}?\d{4}(?!\d)`
  + String.raw`(?: ?(?:ext\.|ext|x|#) ?\d{1,6}(?!\d))?`;
const INTERNATIONAL = String.raw`(?:\+|00)[1-9]\d*(?!${S}?\(0\)(?!${S}?\d))`
  + String.raw`(?:${S}?\(0\)${S}?\d+)?(?:${S}\d+)*`;
const NATIONAL = String.raw`0\d*(?:${S}\d+)*`;
const PARENTHESIZED = String.raw`\(\d{2,4}\)${S}?\d+(?:${S}\d+){0,2}`;
const PHONE = new RegExp(
  String.raw`(?=[+(]\d|(?<![+(\w])\d)${FREE_START}`
  + `(?=(${NORTH_AMERICAN})|)(?=(${INTERNATIONAL})|)(?=(${NATIONAL})|)`
  + `(?=(${PARENTHESIZED})|)`, 'gi');

function findCards(s, out) {
  for (const m of s.matchAll(CARD_CHAIN)) {
    // Split the chain into [start, end, joint] groups.
    const chain = [];
    const end = m.index + m[0].length;
    let start = m.index;
    for (let i = m.index; i <= end; i += 1) {
      if (i === end || !isDigit(s.charCodeAt(i))) {
        chain.push(start, i, i === end ? 0 : s.charCodeAt(i));
        start = i + 1;
      }
    }
    cardsInChain(s, chain, out);
  }
}

function findSsns(s, out) {
  for (const m of s.matchAll(SSN)) {
    if (ssnIssuable(s, m.index)) {
      out.push(1, m.index, m.index + 11);
    }
  }
}

function findEmails(s, out) {
  let covered = 0;
  for (const m of s.matchAll(EMAIL_AT)) {
    const sign = m.index;
    const start = localStart(s, sign, covered);
    if (start < 0) {
      continue;
    }
    let end = sign + m[0].length;
    if (end - sign > 255) {
      // Domains past 253 characters: the module stops reading labels there.
      end = domainEnd(s, sign + 1);
    }
    if (end >= 0) {
      out.push(2, start, end);
      covered = end;
    }
  }
}

/** Digit groups of a captured number: [count, total digits, lengths..., separators...]. */
function groupsOf(text) {
  const lengths = [];
  const separators = [];
  let n = 0;
  for (let i = 0; i <= text.length; i += 1) {
    if (i < text.length && isDigit(text.charCodeAt(i))) {
      n += 1;
    } else if (n > 0) {
      lengths.push(n);
      n = 0;
      if (i < text.length) {
        separators.push(text.charCodeAt(i));
      }
    }
  }
  return { lengths, separators, total: lengths.reduce((a, b) => a + b, 0) };
}

function internationalValid(text) {
  const digits = text.replace(/^(?:\+|00)/, '').replace('(0)', '');
  const { lengths, total } = groupsOf(digits);
  return lengths.length <= 7 && total >= 8 && total <= 15;
}

function nationalValid(text) {
  const { lengths, separators, total } = groupsOf(text);
  return lengths.every((n) => n >= 2 && n <= 8) && separators.every((c) => c === separators[0])
    && total >= 10 && total <= 11 && lengths.length >= 2;
}

function parenthesizedValid(text) {
  const { lengths, total } = groupsOf(text);
  return lengths.slice(1).every((n) => n >= 3 && n <= 5) && total >= 8 && total <= 11;
}

function findPhones(s, out) {
  let covered = 0;
  for (const m of s.matchAll(PHONE)) {
    const start = m.index;
    const runStart = isDigit(s.charCodeAt(start)) ? start : start + 1;
    if (runStart < covered) {
      continue;
    }
    let shape = m[1];
    if (shape === undefined && m[2] !== undefined && internationalValid(m[2])) {
      shape = m[2];
    }
    if (shape === undefined && m[3] !== undefined && nationalValid(m[3])) {
      shape = m[3];
    }
    if (shape === undefined && m[4] !== undefined && parenthesizedValid(m[4])) {
      shape = m[4];
    }
    if (shape === undefined) {
      continue;
    }
    const end = start + shape.length;
    if (!isWord(at(s, end)) && !continuesNumberAfter(s, end)) {
      out.push(3, start, end);
      covered = end;
    }
  }
}

function findKeys(s, out) {
  for (const m of s.matchAll(TOKEN_RUN)) {
    keysInRun(s, m.index, m.index + m[0].length, out);
  }
}

function findIps(s, out) {
  for (const m of s.matchAll(IPV4)) {
    out.push(5, m.index, m.index + m[0].length);
  }
}

/** Scans `s` with the seven rules: [[ruleIndex, start, end], ...] in the module's order. */
export function scanRegExp(s) {
  const out = [];
  findCards(s, out);
  findSsns(s, out);
  findEmails(s, out);
  findPhones(s, out);
  findKeys(s, out);
  findIps(s, out);
  for (const m of s.matchAll(EMPLOYEE_ID)) {
    out.push(6, m.index, m.index + m[0].length);
  }
  return sortMatches(out);
}
