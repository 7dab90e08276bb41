// Masking a match for display: the CLI never prints matched text as it is.

const SEPARATOR = /^[\p{P}\p{Z}\s+]$/u;
const WHITESPACE = /^\s$/u;
const KEEP_FROM_LENGTH = 12;
const KEEP_LAST = 4;

/**
 * Masks a match character by character (code points). From 12 characters on,
 * separators (punctuation, spaces) and the last 4 other characters stay visible:
 * `4111 1111 1111 1111` -> `**** **** **** 1111`. Shorter matches are masked whole.
 */
export function maskMatch(match) {
  const chars = Array.from(match);
  if (chars.length < KEEP_FROM_LENGTH) {
    return '*'.repeat(chars.length);
  }

  let keep = KEEP_LAST;
  const masked = chars.map(() => '*');
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    const char = chars[i];
    if (SEPARATOR.test(char)) {
      masked[i] = WHITESPACE.test(char) ? ' ' : char;
    } else if (keep > 0) {
      masked[i] = char;
      keep -= 1;
    }
  }
  return masked.join('');
}
