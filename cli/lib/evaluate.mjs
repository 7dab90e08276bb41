// Scoring the scanner on a labelled data set in the presidio-research format:
// `[{ full_text, spans: [{ entity_type, start_position, end_position }] }]`, with
// positions in code points (Python string indices), end exclusive.
import { CliError } from './errors.mjs';

/** Entity types that are scored, and the rule whose matches count for each. */
export const ENTITY_RULES = Object.freeze({
  CREDIT_CARD: 'credit_card',
  US_SSN: 'ssn',
  EMAIL_ADDRESS: 'email',
  PHONE_NUMBER: 'phone',
  IP_ADDRESS: 'ip_address',
});

const RULE_ENTITIES = new Map(Object.entries(ENTITY_RULES).map(([type, rule]) => [rule, type]));

/** Parses and checks a data set; errors name the record and field at fault. */
export function parseDataset(text, name) {
  let records;
  try {
    records = JSON.parse(text);
  } catch (error) {
    // The parser's own message quotes the text around the error, which may be
    // the data set's sensitive text: only the position is passed on.
    const position = /at position (\d+)/.exec(error.message)?.[1];
    const where = position === undefined ? '' : ` (at character ${position})`;
    throw new CliError(`dataset ${name} is not valid JSON${where}`);
  }
  if (!Array.isArray(records)) {
    throw new CliError(`dataset ${name}: expected a JSON array of records`);
  }
  records.forEach((record, index) => checkRecord(record, `dataset ${name}: record ${index}`));
  return records;
}

function checkRecord(record, where) {
  if (typeof record?.full_text !== 'string') {
    throw new CliError(`${where}: full_text must be a string`);
  }
  if (!Array.isArray(record.spans)) {
    throw new CliError(`${where}: spans must be an array`);
  }
  const length = [...record.full_text].length;
  record.spans.forEach((span, i) => {
    const { start_position: start, end_position: end } = span ?? {};
    if (typeof span?.entity_type !== 'string') {
      throw new CliError(`${where}: spans[${i}].entity_type must be a string`);
    }
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end
      || end > length) {
      throw new CliError(`${where}: spans[${i}] positions must be integers with `
        + `0 <= start_position <= end_position <= ${length} (the text's length in code points)`);
    }
  });
}

/**
 * Scans every record and counts, per entity type, true positives (a match overlapping
 * a not yet matched gold span of its type), false positives (any other match of a
 * scored rule) and false negatives (gold spans left unmatched).
 */
export function evaluate(scanner, records, onProgress = () => {}) {
  const counts = Object.fromEntries(
    Object.keys(ENTITY_RULES).map((type) => [type, { tp: 0, fp: 0, fn: 0 }]));

  records.forEach((record, index) => {
    const gold = record.spans
      .filter((span) => span.entity_type in ENTITY_RULES)
      .map((span) => ({ type: span.entity_type, start: span.start_position,
        end: span.end_position, matched: false }));
    for (const found of predictions(scanner, record.full_text)) {
      const hit = gold.find((g) => !g.matched && g.type === found.type
        && g.start < found.end && found.start < g.end);
      if (hit) {
        hit.matched = true;
        counts[found.type].tp += 1;
      } else {
        counts[found.type].fp += 1;
      }
    }
    for (const g of gold) {
      counts[g.type].fn += g.matched ? 0 : 1;
    }
    onProgress(index + 1);
  });

  const total = { tp: 0, fp: 0, fn: 0 };
  for (const c of Object.values(counts)) {
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  const byType = Object.fromEntries(
    Object.entries(counts).map(([type, c]) => [type, withScores(c)]));
  return { overall: withScores(total), byType };
}

/** The scored matches of one text, with offsets converted to code points. */
function predictions(scanner, text) {
  const toCodePoint = codePointIndexer(text);
  return scanner.scan(text).matches
    .filter((m) => RULE_ENTITIES.has(m.rule))
    .map((m) => ({ type: RULE_ENTITIES.get(m.rule), start: toCodePoint(m.start),
      end: toCodePoint(m.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Maps UTF-16 offsets of `text` to code-point offsets. */
export function codePointIndexer(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) {
    return (offset) => offset;
  }
  const table = new Uint32Array(text.length + 1);
  let codePoints = 0;
  for (let i = 0; i < text.length; i += 1) {
    table[i] = codePoints;
    const code = text.charCodeAt(i);
    const pairStart = code >= 0xd800 && code <= 0xdbff;
    const next = text.charCodeAt(i + 1);
    if (!(pairStart && next >= 0xdc00 && next <= 0xdfff)) {
      codePoints += 1;
    }
  }
  table[text.length] = codePoints;
  return (offset) => table[offset];
}

/** Precision, recall and F1 (2tp / (2tp + fp + fn)); a ratio over zero cases is null. */
function withScores({ tp, fp, fn }) {
  return {
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    tp,
    fp,
    fn,
  };
}

function ratio(part, whole) {
  return whole === 0 ? null : part / whole;
}
