// The demo page: all policy logic is in the module; this file only draws results.
import { Scanner } from '../pkg/promptward.js';

const scanner = new Scanner();
const $ = (id) => document.getElementById(id);

function render() {
  const text = $('prompt').value;
  const result = scanner.scan(text);

  $('verdict').textContent = result.action;
  $('verdict').className = `badge ${result.action}`;
  const { matches, textLength } = result;
  $('summary').textContent = `${matches.length} finding(s) in ${textLength} characters`;
  $('hash').textContent = result.policyHash;
  $('redacted').textContent = scanner.redact(text);

  // Offsets are UTF-16 code units, the unit of String.prototype.slice.
  const highlighted = $('highlighted');
  highlighted.replaceChildren();
  let copied = 0;
  for (const m of result.matches) {
    if (m.start < copied) continue;
    highlighted.append(text.slice(copied, m.start));
    const mark = document.createElement('mark');
    mark.className = m.action;
    mark.title = `${m.rule} (${m.sensitivity}, ${m.action})`;
    mark.textContent = text.slice(m.start, m.end);
    highlighted.append(mark);
    copied = m.end;
  }
  highlighted.append(text.slice(copied));

  const rows = result.matches.map((m) => {
    const row = document.createElement('tr');
    for (const cell of [m.rule, m.sensitivity, m.action, `${m.start}–${m.end}`]) {
      const td = document.createElement('td');
      td.textContent = cell;
      row.append(td);
    }
    return row;
  });
  $('findings').replaceChildren(...rows);
}

$('prompt').addEventListener('input', render);
render();
