// The benchmark corpus, the same on every run: real English text from files every
// Debian machine of this kind has (the common licenses, the copyright files of
// essential packages) and the repo's sample prompts, chopped into prompts of 200 to
// 4,000 characters; the same prompts with invented PII sprinkled in at about one
// item per 2 KB; and one typical 1 KB prompt.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

import { createRandom } from './random.mjs';

const LICENSES = '/usr/share/common-licenses';
/** Packages of priority required: their copyright files are on every machine. */
const ESSENTIAL = ['base-files', 'bash', 'coreutils', 'dpkg', 'libc6', 'apt', 'tar', 'grep',
  'sed', 'findutils', 'gzip', 'util-linux', 'debianutils', 'diffutils', 'login', 'perl-base'];

/** Prompt lengths, in characters. */
const MIN_PROMPT = 200;
const MAX_PROMPT = 4000;
/** One planted PII item per this many characters, on average. */
const PII_EVERY = 2048;

/** The source files, in a fixed order, without duplicates (symlinked licenses). */
function sourceFiles(root) {
  const files = [];
  const seen = new Set();
  const add = (path) => {
    if (!existsSync(path)) {
      return;
    }
    const real = realpathSync(path);
    if (!seen.has(real)) {
      seen.add(real);
      files.push(path);
    }
  };
  if (existsSync(LICENSES)) {
    for (const name of readdirSync(LICENSES).sort()) {
      add(join(LICENSES, name));
    }
  }
  for (const pkg of ESSENTIAL) {
    add(`/usr/share/doc/${pkg}/copyright`);
  }
  const prompts = join(root, 'samples/prompts');
  for (const name of readdirSync(prompts).sort()) {
    add(join(prompts, name));
  }
  return files;
}

/** Snaps `i` forward to the start of a word (just after whitespace), within `text`. */
function wordStart(text, i) {
  while (i < text.length && i > 0 && !/\s/.test(text[i - 1])) {
    i += 1;
  }
  return i;
}

/** Chops `pool` into prompts until `totalChars` are reached. */
function chop(pool, totalChars, random) {
  const prompts = [];
  let total = 0;
  while (total < totalChars) {
    const length = random.int(MIN_PROMPT, MAX_PROMPT);
    const start = wordStart(pool, random.int(0, pool.length - MAX_PROMPT - 1));
    let end = start + length;
    while (end > start + MIN_PROMPT && !/\s/.test(pool[end])) {
      end -= 1;
    }
    const prompt = pool.slice(start, end).trim();
    if (prompt.length >= MIN_PROMPT) {
      prompts.push(prompt);
      total += prompt.length;
    }
  }
  return prompts;
}

const DIGITS = '0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const FIRST = ['maria', 'dana', 'li', 'jordan', 'sam', 'alex', 'priya', 'tomas', 'noor', 'kim'];
const LAST = ['gomez', 'whitfield', 'lei', 'lee', 'patel', 'kim', 'novak', 'haddad', 'berg'];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'corp.example.co.uk'];

/** A Luhn check digit for `body` (digit values). */
function luhnDigit(body) {
  let sum = 0;
  for (let i = body.length - 1, k = 0; i >= 0; i -= 1, k += 1) {
    let d = body[i];
    if (k % 2 === 0) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Generators of invented PII, each a function of the PRNG. */
const PII = {
  card(r) {
    const [prefix, length] = r.pick([['4', 16], ['51', 16], ['55', 16], ['2221', 16],
      ['34', 15], ['37', 15], ['6011', 16], ['4', 13]]);
    const body = [...prefix].map(Number);
    while (body.length < length - 1) {
      body.push(r.int(0, 9));
    }
    const digits = [...body, luhnDigit(body)].join('');
    if (length === 15) {
      const sep = r.pick([' ', '-', '']);
      return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep);
    }
    const sep = r.pick([' ', '-', '', '\u00a0']);
    return digits.match(/.{1,4}/g).join(sep);
  },
  ssn(r) {
    let area = r.int(1, 899);
    if (area === 666) {
      area = 665;
    }
    const pad = (n, w) => String(n).padStart(w, '0');
    return `${pad(area, 3)}-${pad(r.int(1, 99), 2)}-${pad(r.int(1, 9999), 4)}`;
  },
  email(r) {
    return `${r.pick(FIRST)}.${r.pick(LAST)}${r.pick(['', '+billing', '42'])}@${r.pick(DOMAINS)}`;
  },
  phone(r) {
    const area = `${r.int(2, 9)}${r.chars(DIGITS, 2)}`;
    const line = r.chars(DIGITS, 4);
    return r.pick([
      `(${area}) 555-${line}`, `${area}-555-${line}`, `+1 ${area} 555 ${line}`,
      `${area}.555.${line}`, `+44 20 ${r.chars(DIGITS, 4)} ${line}`,
    ]);
  },
  ip(r) {
    return [r.int(1, 254), r.int(0, 255), r.int(0, 255), r.int(1, 254)].join('.');
  },
  apiKey(r) {
    return r.pick([
      () => `sk-${r.chars(ALNUM, 40)}`,
      () => `ghp_${r.chars(ALNUM, 36)}`,
      () => `AKIA${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
      () => `${r.chars('0123456789abcdef', 20)}${r.int(1, 9)}${r.chars('abcdef', 1)}`
        + r.chars('0123456789abcdef', 18),
    ])();
  },
  employeeId(r) {
    return `EMP${r.chars(DIGITS, 6)}`;
  },
};
const KINDS = Object.keys(PII);

/** `prompt` with invented PII inserted at word starts; counts what was planted. */
function sprinkle(prompt, random, planted) {
  let text = prompt;
  const items = Math.floor(prompt.length / PII_EVERY + random.next());
  for (let k = 0; k < items; k += 1) {
    const kind = random.pick(KINDS);
    const at = wordStart(text, random.int(0, text.length - 1));
    text = `${text.slice(0, at)}${PII[kind](random)} ${text.slice(at)}`;
    planted[kind] = (planted[kind] ?? 0) + 1;
  }
  return text;
}

/** The typical 1 KB prompt: sample prompts from the repo, cut at a word near 1,024. */
function typicalPrompt(root) {
  const read = (name) => readFileSync(join(root, 'samples/prompts', name), 'utf8').trim();
  const text = ['07-translation.txt', '04-hr-onboarding.txt', '01-code-review.txt',
    '03-release-notes.txt'].map(read).join('\n\n');
  let end = 1024;
  while (end > 0 && !/\s/.test(text[end])) {
    end -= 1;
  }
  return text.slice(0, end);
}

/**
 * Builds the corpus. `totalChars` is the size of each variant. Returns
 * `{ prose, pii, typical, planted, sources, sha256 }`.
 */
export function buildCorpus(root, totalChars, seed = 'promptward-bench-1') {
  const files = sourceFiles(root);
  const pool = files.map((f) => readFileSync(f, 'utf8')).join('\n\n');
  const random = createRandom(`${seed}:${totalChars}`);
  const prose = chop(pool, totalChars, random);
  const planted = {};
  const pii = prose.map((p) => sprinkle(p, random, planted));
  const typical = typicalPrompt(root);
  const sha256 = createHash('sha256')
    .update(JSON.stringify([prose, pii, typical])).digest('hex');
  return {
    prose, pii, typical, planted, sha256,
    sources: {
      files: files.length, chars: pool.length,
      paths: files.map((f) => f.replace(`${root}/`, '')),
    },
  };
}

/** Total length of a list of prompts, in UTF-16 code units and in UTF-8 bytes. */
export function sizeOf(prompts) {
  let units = 0;
  let bytes = 0;
  for (const p of prompts) {
    units += p.length;
    bytes += Buffer.byteLength(p, 'utf8');
  }
  return { units, bytes };
}
