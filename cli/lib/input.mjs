// Reading inputs: FILE or `-` (standard input), decoded as strict UTF-8 text.
import { readFileSync } from 'node:fs';

import { CliError } from './errors.mjs';

const decoder = new TextDecoder('utf-8', { fatal: true });

const REASONS = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
};

/** Display name of an input path. */
export function inputName(path) {
  return path === '-' ? '<stdin>' : path;
}

/**
 * Reads the raw bytes of FILE, or of standard input for `-` (read once, then reused).
 * @returns {Buffer}
 */
export function readBytes(path) {
  if (path === '-') {
    readBytes.stdin ??= readOrFail(0, '<stdin>');
    return readBytes.stdin;
  }
  return readOrFail(path, path);
}

function readOrFail(source, name) {
  try {
    return readFileSync(source);
  } catch (error) {
    throw new CliError(`cannot read ${name}: ${REASONS[error.code] ?? error.message}`);
  }
}

/**
 * Decodes bytes as UTF-8 text; binary data (NUL bytes) and invalid UTF-8 are errors
 * naming the input. A leading byte-order mark is dropped.
 */
export function decodeText(bytes, name) {
  if (bytes.includes(0)) {
    throw new CliError(`${name} looks like a binary file (it contains NUL bytes); `
      + 'give UTF-8 text');
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CliError(`${name} is not valid UTF-8 text; convert it to UTF-8 first`);
  }
}

/** Reads FILE or `-` as UTF-8 text: `{ name, text }`. */
export function readText(path) {
  const name = inputName(path);
  return { name, text: decodeText(readBytes(path), name) };
}
