// `promptward/yaml`: policy text (JSON or YAML) to a plain object. YAML parsing lives
// here, in JavaScript on the well-kept `yaml` package, to keep the wasm module small.
import { LineCounter, parse } from 'yaml';

/**
 * Parses a policy document written as JSON or YAML.
 * Error messages give the line and column, never the text itself.
 * @param {string} text
 * @returns {Record<string, unknown>}
 */
export function parsePolicyText(text) {
  if (typeof text !== 'string') {
    throw new TypeError('policy text must be a string');
  }

  let value;
  try {
    value = JSON.parse(text);
  } catch {
    value = parseYaml(text);
  }

  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidPolicy('policy text must hold a mapping (an object) at the top level');
  }
  return value;
}

function parseYaml(text) {
  const lineCounter = new LineCounter();
  try {
    return parse(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    const offset = error.pos?.[0];
    const at = offset === undefined ? undefined : lineCounter.linePos(offset);
    const where = at ? ` at line ${at.line}, column ${at.col}` : '';
    // Some messages end by quoting the text (`Unresolved alias (...): name`): keep
    // only what comes before.
    const what = String(error.message).replace(/:\s[\s\S]*$/, '');
    throw invalidPolicy(`policy text is neither JSON nor YAML: ${what}${where}`);
  }
}

function invalidPolicy(message) {
  const error = new Error(message);
  error.name = 'InvalidPolicy';
  error.code = 'InvalidPolicy';
  return error;
}
