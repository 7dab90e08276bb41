// Human-readable output of scan and eval. Matched text is only ever shown masked.
import { ENTITY_RULES } from './evaluate.mjs';
import { lineLocator } from './lines.mjs';
import { maskMatch } from './mask.mjs';

/**
 * One line per finding (`file:line:column  rule  sensitivity  action  masked match`),
 * then the input's verdict.
 */
export function formatScan(name, text, result) {
  const matches = [...result.matches].sort((a, b) => a.start - b.start || a.end - b.end);
  const locate = lineLocator(text);
  const rows = matches.map((m) => {
    const { line, column } = locate(m.start);
    return [`${name}:${line}:${column}`, m.rule, m.sensitivity, m.action,
      maskMatch(text.slice(m.start, m.end))];
  });

  const lines = alignColumns(rows);
  const count = matches.length;
  const found = count === 0 ? 'no findings' : `${count} finding${count === 1 ? '' : 's'}`;
  lines.push(`${name}: ${result.action} (${found})`);
  return `${lines.join('\n')}\n`;
}

/** A closing line over several inputs: how many got each verdict. */
export function formatSummary(actions) {
  const order = ['block', 'redact', 'warn', 'log', 'allow'];
  const parts = order
    .map((action) => [action, actions.filter((a) => a === action).length])
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${n} ${action}`);
  return `${actions.length} inputs: ${parts.join(', ')}\n`;
}

/** The eval table: one row per entity type, then the micro-averaged overall row. */
export function formatEval(name, recordCount, scores) {
  const rows = [['entity type', 'rule', 'tp', 'fp', 'fn', 'precision', 'recall', 'f1']];
  for (const [type, s] of Object.entries(scores.byType)) {
    rows.push([type, ENTITY_RULES[type], ...figures(s)]);
  }
  rows.push(['overall (micro)', '', ...figures(scores.overall)]);

  return [
    `${name}: ${recordCount} records`,
    '',
    ...alignColumns(rows, 2),
    '',
    'Only the entity types above are scored; other types and other rules are not counted.',
    '',
  ].join('\n');
}

function figures({ tp, fp, fn, precision, recall, f1 }) {
  const score = (x) => (x === null ? 'n/a' : x.toFixed(3));
  return [String(tp), String(fp), String(fn), score(precision), score(recall), score(f1)];
}

/** Pads each column to its widest cell; columns from `rightFrom` on align right. */
function alignColumns(rows, rightFrom = Infinity) {
  const widths = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) => row
    .map((cell, i) => (i >= rightFrom ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
    .join('  ')
    .trimEnd());
}
